// What a container was made from. A container is recreated only when this changes, so a changed
// setting touches the services it affects and nothing else.
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import type { ServiceSpec } from '../compose/types.js';

/** Bind-mounted config files are part of the configuration: a changed nginx.conf recreates the proxy. */
async function boundFileDigests(service: ServiceSpec): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const mount of service.mounts) {
    if (mount.type !== 'bind') continue;
    try {
      const info = await stat(mount.source);
      if (!info.isFile() || info.size > 1024 * 1024) continue;
      digests[mount.source] = createHash('sha256')
        .update(await readFile(mount.source))
        .digest('hex');
    } catch {
      /* a missing source is reported by the pre-create check */
    }
  }
  return digests;
}

/** Stable JSON: sorted keys, so the hash does not depend on the file's key order. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * `configs`: digests of the service's config files by target (config-files.ts); a changed file
 * recreates the container. Without any, the hash is what it was before configs existed.
 */
export async function serviceConfigHash(
  service: ServiceSpec,
  imageId: string,
  configs: Record<string, string> = {},
): Promise<string> {
  // depends_on and build only decide order and how the image is made, not the container.
  const { dependsOn: _dependsOn, build: _build, ...container } = service;
  const material = stableStringify({
    container,
    imageId,
    files: await boundFileDigests(service),
    configs: Object.keys(configs).length ? configs : undefined,
  });
  return createHash('sha256').update(material).digest('hex');
}
