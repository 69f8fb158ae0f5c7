// Secrets and configs are content-addressed (a new value is a new object), so each change leaves the
// previous one behind. After a deployment, the project's objects that neither the current spec nor
// the previous one (what a rollback returns to) of any service uses are removed.
import type Docker from 'dockerode';
import { STACK_NAMESPACE } from './plan.js';

interface ContainerRefs {
  Secrets?: Array<{ SecretName?: string }>;
  Configs?: Array<{ ConfigName?: string }>;
}
interface ServiceRefs {
  Spec: { TaskTemplate: { ContainerSpec?: ContainerRefs } };
  PreviousSpec?: { TaskTemplate: { ContainerSpec?: ContainerRefs } };
}

/** Returns the names removed. */
export async function pruneUnused(docker: Docker, project: string): Promise<string[]> {
  const filters = { label: [`${STACK_NAMESPACE}=${project}`] };
  const services = (await docker.listServices({ filters })) as ServiceRefs[];
  const used = new Set<string>();
  for (const s of services)
    for (const spec of [s.Spec, s.PreviousSpec]) {
      const c = spec?.TaskTemplate.ContainerSpec;
      c?.Secrets?.forEach((r) => r.SecretName && used.add(r.SecretName));
      c?.Configs?.forEach((r) => r.ConfigName && used.add(r.ConfigName));
    }
  const removed: string[] = [];
  type Listed = { ID: string; Spec: { Name: string } };
  const secrets = (await docker.listSecrets({ filters })) as Listed[];
  const configs = (await docker.listConfigs({ filters })) as Listed[];
  for (const [list, remove] of [
    [secrets, (id: string) => docker.getSecret(id).remove()],
    [configs, (id: string) => docker.getConfig(id).remove()],
  ] as const) {
    for (const object of list) {
      if (used.has(object.Spec.Name)) continue;
      // Still used by a task being shut down: left for the next deployment.
      const gone = await remove(object.ID).then(
        () => true,
        () => false,
      );
      if (gone) removed.push(object.Spec.Name);
    }
  }
  return removed;
}
