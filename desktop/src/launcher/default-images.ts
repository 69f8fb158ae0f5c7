// The pinned image of each settings key: the default the Compose file gives its variable
// (`${STATUS_POSTGRES_IMAGE:-postgres:17.2-bookworm}`, or a build argument such as
// `NODE_IMAGE: ${STATUS_NODE_IMAGE:-…}`), as the compose loader reads it. Settings shows these
// next to the operator's overrides.
import { listComposeVariables } from '../engine/compose/load.js';
import { IMAGE_KEYS, IMAGE_VARIABLES, type ImageKey } from '../engine/settings/index.js';

/** Each key's default; '' when the file gives its variable no default. */
export async function defaultImages(composeFile: string): Promise<Record<ImageKey, string>> {
  const defaults = new Map<string, string>();
  for (const use of await listComposeVariables({ file: composeFile })) {
    // The first default wins: one variable used twice (STATUS_NODE_IMAGE) has one meaning.
    if (use.defaultValue !== undefined && !defaults.has(use.name)) defaults.set(use.name, use.defaultValue);
  }
  const out = {} as Record<ImageKey, string>;
  for (const key of IMAGE_KEYS) out[key] = defaults.get(IMAGE_VARIABLES[key])?.trim() ?? '';
  return out;
}
