// A registry mirror: one prefix that every downloaded image is fetched through, for companies
// that allow only their own registry (a proxy cache such as Harbor, Nexus or a plain registry
// filled by `docker push`). Built images (ours) are not downloaded and keep their names.
//
// `<mirror>/<path>`: Docker Hub images keep their full path (`postgres:16` → `<mirror>/library/postgres:16`,
// `grafana/grafana:11` → `<mirror>/grafana/grafana:11`); images of another registry keep that
// registry's host as the first segment (`ghcr.io/org/app:1` → `<mirror>/ghcr.io/org/app:1`).
import type { ComposeProject } from '../compose/types.js';
import { parseImageReference } from './updates-reference.js';

/** The mirror's name for `ref`; `ref` itself when it already comes from the mirror. */
export function mirroredImage(ref: string, mirror: string): string {
  const prefix = mirror
    .trim()
    .replace(/^[a-z]+:\/\//i, '')
    .replace(/\/+$/, '');
  if (!prefix || ref.startsWith(`${prefix}/`)) return ref;
  const { repository, tag, digest } = parseImageReference(ref);
  const path = repository.replace(/^docker\.io\//, '');
  return `${prefix}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/** The project with every downloaded image, and every base image of a build, renamed through the mirror. */
export function applyMirror(project: ComposeProject, mirror: string | undefined): ComposeProject {
  if (!mirror?.trim()) return project;
  const services = Object.fromEntries(
    Object.entries(project.services).map(([name, service]) => {
      if (!service.build) return [name, { ...service, image: mirroredImage(service.image, mirror) }];
      const args = Object.fromEntries(
        Object.entries(service.build.args).map(([arg, value]) => [
          arg,
          /_IMAGE$/.test(arg) && value ? mirroredImage(value, mirror) : value,
        ]),
      );
      return [name, { ...service, build: { ...service.build, args } }];
    }),
  );
  return { ...project, services };
}
