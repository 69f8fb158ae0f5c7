// The Compose loader's public surface.
export {
  listComposeVariables,
  loadComposeProject,
  parseProfiles,
  normalizeProjectName,
  type ComposeVariable,
  type LoadComposeOptions,
  type LoadComposeResult,
} from './load.js';
export { parseEnvFile, readEnvFile, type EnvFileOptions } from './env-file.js';
export {
  interpolateString,
  interpolateTree,
  formatPath,
  InterpolationWarnings,
  listVariables,
  type VariableUse,
  type Env,
  type Lookup,
} from './interpolate.js';
export type * from './types.js';
