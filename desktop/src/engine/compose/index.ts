// The Compose loader's public surface.
export { loadComposeProject, normalizeProjectName, type LoadComposeOptions, type LoadComposeResult } from './load.js';
export { parseEnvFile, readEnvFile, type EnvFileOptions } from './env-file.js';
export { interpolateString, interpolateTree, formatPath, InterpolationWarnings, type Env, type Lookup } from './interpolate.js';
export type * from './types.js';
