// Image references as the engine records them: `postgres:17` is docker.io/library/postgres:17, and
// a local image's RepoDigests name the repository without its tag (`postgres@sha256:…`, the
// engine's own short form). Comparing a tag with a digest needs both in one form.

export interface ImageReference {
  /** The registry and repository, Docker Hub's defaults filled in: docker.io/library/postgres. */
  repository: string;
  tag?: string;
  digest?: string;
}

const DEFAULT_REGISTRY = 'docker.io';

/** A first component with a dot or a colon (or `localhost`) names a registry, as the engine reads it. */
function isRegistryHost(component: string): boolean {
  return component.includes('.') || component.includes(':') || component === 'localhost';
}

export function parseImageReference(reference: string): ImageReference {
  let rest = reference.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  // A colon after the last slash is a tag; one before it is a registry's port.
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let registry = DEFAULT_REGISTRY;
  if (parts.length > 1 && isRegistryHost(parts[0]!)) registry = parts.shift()!;
  if (registry === 'index.docker.io') registry = DEFAULT_REGISTRY;
  if (registry === DEFAULT_REGISTRY && parts.length === 1) parts.unshift('library');
  if (!digest && !tag) tag = 'latest';
  return { repository: `${registry}/${parts.join('/')}`, tag, digest };
}

/** The digest a local image has in `reference`'s repository (RepoDigests), if it came from there. */
export function localDigestFor(reference: string, repoDigests: readonly string[]): string | undefined {
  const { repository } = parseImageReference(reference);
  for (const entry of repoDigests) {
    const parsed = parseImageReference(entry);
    if (parsed.repository === repository && parsed.digest) return parsed.digest;
  }
  return undefined;
}
