// Engine API versions: what we require, and which newer features a given engine has, so callers can
// degrade clearly (say what is skipped) instead of failing on an older engine.

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

/** What this engine lacks, in words, for a doctor report or a one-time notice. */
export function missingFeatureNotes(apiVersion: string): string[] {
  const features = engineFeatures(apiVersion);
  const notes: string[] = [];
  const needs = (api: string): string =>
    `needs Engine ${engineReleaseForApi(api) ?? '?'} (API ${api}) and this engine speaks API ${apiVersion}`;
  if (!features.healthStartInterval) {
    notes.push(
      `Faster health checks during start-up (start_interval) ${needs('1.44')}: the engine reports health only at each service's normal interval; STATUS Desktop runs the checks itself while services start, so start-up is not slower.`,
    );
  }
  if (!features.multipleNetworksOnCreate) {
    notes.push(
      `Joining several networks at creation ${needs('1.44')}, so containers are created on one network and connected to the others right after.`,
    );
  }
  if (!features.volumeSubpath) {
    notes.push(
      `Volume sub-paths (volume.subpath) ${needs('1.45')}, so services that need them cannot be started on this engine.`,
    );
  }
  if (!features.imageMount) {
    notes.push(`Image mounts ${needs('1.48')} (not used by the STATUS stack).`);
  }
  return notes;
}
