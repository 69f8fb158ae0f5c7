// A newer STATUS release's stack file against the project as it runs: which services it pins to
// another image. An upgrade applies such a change as the service's image setting (Settings →
// image versions, the STATUS_<SERVICE>_IMAGE variable of the Compose file), so the stack file
// this STATUS Desktop ships stays the one it runs, and going back is clearing that setting.
import { listComposeVariables } from '../compose/load.js';
import type { ComposeProject } from '../compose/types.js';
import { IMAGE_VARIABLES, type ImageKey } from '../settings/settings.js';

export interface ReleaseChange {
  service: string;
  from: string;
  to: string;
  /** The image setting the upgrade stores `to` in; absent when it cannot apply the change. */
  setting?: ImageKey;
  /** Why an upgrade cannot apply it (and what does). */
  notApplicable?: string;
}

export interface ReleaseDiff {
  /** Where the release's stack file came from (a path or URL), as the operator gave it. */
  source: string;
  changes: ReleaseChange[];
  /** Services of the release this project does not have: they come with that STATUS Desktop release. */
  newServices: string[];
}

/** Service → the variable its `image:` is read from (`${STATUS_POSTGRES_IMAGE:-postgres:17}`). */
export async function imageVariables(composeFile: string): Promise<Record<string, string>> {
  const variables: Record<string, string> = {};
  for (const use of await listComposeVariables({ file: composeFile })) {
    const match = /^services\.(.+)\.image$/.exec(use.path);
    if (match && !variables[match[1]!]) variables[match[1]!] = use.name;
  }
  return variables;
}

const SETTING_OF_VARIABLE = new Map(
  Object.entries(IMAGE_VARIABLES).map(([key, variable]) => [variable as string, key as ImageKey]),
);

/**
 * The services whose image the release pins differently. Both projects must be loaded with the
 * same settings: an image the operator chose (a setting, a STATUS_*_IMAGE variable) is the same in
 * both, so a release never replaces it.
 */
export function releaseChanges(
  current: ComposeProject,
  release: ComposeProject,
  variables: Record<string, string>,
  source: string,
): ReleaseDiff {
  const changes: ReleaseChange[] = [];
  for (const [name, spec] of Object.entries(current.services)) {
    const next = release.services[name];
    if (!next || next.image === spec.image) continue;
    const change: ReleaseChange = { service: name, from: spec.image, to: next.image };
    const setting = SETTING_OF_VARIABLE.get(variables[name] ?? '');
    if (spec.build || next.build)
      change.notApplicable =
        'built locally from the sources of STATUS Desktop: install that STATUS Desktop release';
    else if (!setting)
      change.notApplicable = `its image is not a setting (no STATUS_*_IMAGE variable): install that STATUS Desktop release`;
    else change.setting = setting;
    changes.push(change);
  }
  const newServices = Object.keys(release.services).filter((name) => !current.services[name]);
  return { source, changes, newServices };
}
