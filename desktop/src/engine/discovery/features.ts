// Engine API versions: what we require, and which newer features a given engine has, so callers can
// degrade clearly (say what is skipped) instead of failing on an older engine.
import type { ComposeProject, Mount } from '../compose/types.js';

/** Engine 20.10. Everything the launcher needs exists here. */
export const MIN_API_VERSION = '1.41';
export const MIN_ENGINE_VERSION = '20.10';

/** Compares dotted API versions numerically: '1.9' < '1.41'. */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const pb = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff < 0 ? -1 : 1;
  }
  return 0;
}

export function apiAtLeast(apiVersion: string, wanted: string): boolean {
  return compareApiVersions(apiVersion, wanted) >= 0;
}

/** The engine release that introduced each API version we care about (for messages). */
const ENGINE_FOR_API: Record<string, string> = {
  '1.41': '20.10',
  '1.42': '23.0',
  '1.43': '24.0',
  '1.44': '25.0',
  '1.45': '26.0',
  '1.46': '27.0',
  '1.47': '27.3',
  '1.48': '28.0',
};

export function engineReleaseForApi(apiVersion: string): string | undefined {
  return ENGINE_FOR_API[apiVersion];
}

export interface EngineFeatures {
  apiVersion: string;
  /** HealthConfig.StartInterval (probe faster during the start period): API 1.44, Engine 25. */
  healthStartInterval: boolean;
  /** Several EndpointsConfig entries in one container create (else: create on one network, connect the rest): API 1.44. */
  multipleNetworksOnCreate: boolean;
  /** Per-network MacAddress in EndpointSettings (container-level MacAddress deprecated): API 1.44. */
  endpointMacAddress: boolean;
  /** Mount.VolumeOptions.Subpath (mount a sub-folder of a volume): API 1.45, Engine 26. */
  volumeSubpath: boolean;
  /** `manifests` in image list/inspect (multi-platform image store): API 1.47/1.48. */
  imageManifests: boolean;
  /** Mount type `image` (mount an image's filesystem): API 1.48, Engine 28. */
  imageMount: boolean;
  /** EndpointSettings.GwPriority (choose the default gateway network): API 1.48, Engine 28. */
  gatewayPriority: boolean;
}

export function engineFeatures(apiVersion: string): EngineFeatures {
  return {
    apiVersion,
    healthStartInterval: apiAtLeast(apiVersion, '1.44'),
    multipleNetworksOnCreate: apiAtLeast(apiVersion, '1.44'),
    endpointMacAddress: apiAtLeast(apiVersion, '1.44'),
    volumeSubpath: apiAtLeast(apiVersion, '1.45'),
    imageManifests: apiAtLeast(apiVersion, '1.48'),
    imageMount: apiAtLeast(apiVersion, '1.48'),
    gatewayPriority: apiAtLeast(apiVersion, '1.48'),
  };
}

/**
 * The engine features beyond the minimum (API 1.41) that a Compose project needs. Derived from the
 * loaded project: a feature the stack does not use is no concern of its operator. (The others in
 * EngineFeatures never block anything: the launcher runs start-up health checks itself and creates
 * a container on one network, then connects it to the rest, on every engine.)
 */
export interface StackNeeds {
  /** Some service mounts a sub-folder of a volume (`volume: { subpath }`). */
  volumeSubpath: boolean;
  /** Some service mounts an image (`type: image`). */
  imageMount: boolean;
}

export function stackNeeds(project: ComposeProject): StackNeeds {
  // The loader (compose/schema.ts) accepts volume and bind mounts without a sub-path only, so no
  // loaded project needs these today; the checks hold if it learns them (Mount.subpath, type image).
  const mounts = Object.values(project.services).flatMap((service) =>
    service.mounts.map((mount) => ({ service: service.name, mount: mount as Mount & { subpath?: string } })),
  );
  return {
    volumeSubpath: mounts.some(({ mount }) => mount.type === 'volume' && !!mount.subpath),
    imageMount: mounts.some(({ mount }) => (mount.type as string) === 'image'),
  };
}

/**
 * What this engine lacks that the stack needs, in words, for the setup page and `doctor`. Nothing
 * about features the stack does not use: those notes read as blockers to a newcomer.
 */
export function missingFeatureNotes(apiVersion: string, needs: StackNeeds): string[] {
  const features = engineFeatures(apiVersion);
  const notes: string[] = [];
  const needsEngine = (api: string): string =>
    `needs Engine ${engineReleaseForApi(api) ?? '?'} (API ${api}) and this engine speaks API ${apiVersion}`;
  if (needs.volumeSubpath && !features.volumeSubpath) {
    notes.push(
      `The stack mounts volume sub-paths (volume.subpath), which ${needsEngine('1.45')}: the services that use them cannot start on this engine until it is updated.`,
    );
  }
  if (needs.imageMount && !features.imageMount) {
    notes.push(
      `The stack mounts images (type: image), which ${needsEngine('1.48')}: the services that use them cannot start on this engine until it is updated.`,
    );
  }
  return notes;
}
