// Start order from depends_on: tiers of services that can start together (Kahn's algorithm, one tier
// per round), cycle detection with the path of the cycle, and the transitive closures used to start a
// selection or to restart what depends on a service.
import type { ComposeProject } from './compose/types.js';
import { StatusError } from './errors.js';

function dependenciesOf(project: ComposeProject, service: string, within: ReadonlySet<string>): string[] {
  const spec = project.services[service];
  return spec ? Object.keys(spec.dependsOn).filter((dep) => within.has(dep)) : [];
}

function unknownService(project: ComposeProject, name: string): StatusError {
  const profiles = project.inactiveServices?.[name];
  if (profiles) return turnedOffService(name, profiles);
  const known = Object.keys(project.services).sort();
  return new StatusError(
    'NOT_FOUND',
    `There is no service "${name}" in project ${project.name}.`,
    `Use one of: ${known.join(', ')}.`,
    { service: name, services: known },
  );
}

/** A service of the file whose Compose profiles are all off (the ledger, until Settings turns it on). */
export function turnedOffService(name: string, profiles: string[]): StatusError {
  return new StatusError(
    'NOT_FOUND',
    `${name} is turned off (it runs only with the profile ${profiles.join(' or ')}).`,
    'Turn it on in Settings, then restart the platform.',
    { service: name, profiles },
  );
}

/**
 * Services grouped into tiers: every service starts after all services of earlier tiers it depends
 * on. Within a tier, names are sorted. With `only`, plans just those services (their dependencies
 * outside the selection are ignored: use selectWithDependencies first to include them).
 * Throws DEPENDENCY_CYCLE naming the cycle.
 */
export function planTiers(project: ComposeProject, only?: Iterable<string>): string[][] {
  const names = only ? [...new Set(only)] : Object.keys(project.services);
  for (const name of names) if (!project.services[name]) throw unknownService(project, name);
  const within = new Set(names);

  const indegree = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const name of names) {
    const deps = dependenciesOf(project, name, within);
    indegree.set(name, deps.length);
    for (const dep of deps) dependents.set(dep, [...(dependents.get(dep) ?? []), name]);
  }

  const tiers: string[][] = [];
  let ready = names.filter((name) => indegree.get(name) === 0).sort();
  let placed = 0;
  while (ready.length > 0) {
    tiers.push(ready);
    placed += ready.length;
    const next: string[] = [];
    for (const name of ready) {
      for (const dependent of dependents.get(name) ?? []) {
        const left = indegree.get(dependent)! - 1;
        indegree.set(dependent, left);
        if (left === 0) next.push(dependent);
      }
    }
    ready = next.sort();
  }

  if (placed < names.length) {
    const stuck = new Set(names.filter((name) => indegree.get(name)! > 0));
    throw cycleError(project, findCycle(project, stuck));
  }
  return tiers;
}

/** A cycle among services that could not be placed (each still waits for another stuck one). */
function findCycle(project: ComposeProject, stuck: ReadonlySet<string>): string[] {
  let current = [...stuck].sort()[0]!;
  const path: string[] = [];
  const seenAt = new Map<string, number>();
  while (!seenAt.has(current)) {
    seenAt.set(current, path.length);
    path.push(current);
    current = dependenciesOf(project, current, stuck).sort()[0]!;
  }
  return [...path.slice(seenAt.get(current)!), current];
}

function cycleError(project: ComposeProject, cycle: string[]): StatusError {
  const edges = cycle.slice(0, -1).map((name, i) => `services.${name}.depends_on.${cycle[i + 1]}`);
  const self = cycle.length === 2;
  return new StatusError(
    'DEPENDENCY_CYCLE',
    self
      ? `Service ${cycle[0]} depends on itself (${cycle.join(' → ')}), so it can never start.`
      : `Services depend on each other in a circle, so none of them can start first: ${cycle.join(' → ')} (→ means "depends on").`,
    self
      ? `Remove ${edges[0]} from the Compose file.`
      : `Remove one of these depends_on entries from the Compose file: ${edges.join(', ')}.`,
    { project: project.name, cycle },
  );
}

/** All services that depend on `service`, directly or not, in start order (without `service`). */
export function dependentsOf(project: ComposeProject, service: string): string[] {
  if (!project.services[service]) throw unknownService(project, service);
  const found = new Set<string>();
  const queue = [service];
  while (queue.length > 0) {
    const target = queue.shift()!;
    for (const [name, spec] of Object.entries(project.services)) {
      if (spec.dependsOn[target] && !found.has(name) && name !== service) {
        found.add(name);
        queue.push(name);
      }
    }
  }
  return planTiers(project, [...found]).flat();
}

/** The order to stop in: dependents first (the tiers reversed). */
export function stopOrder(project: ComposeProject): string[][] {
  return planTiers(project).reverse();
}

/** The given services plus everything they depend on, transitively, in start order. */
export function selectWithDependencies(project: ComposeProject, services: readonly string[]): string[] {
  const selected = new Set<string>();
  const stack = [...services];
  for (const name of services) if (!project.services[name]) throw unknownService(project, name);
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (selected.has(name)) continue;
    selected.add(name);
    for (const dep of Object.keys(project.services[name]?.dependsOn ?? {})) {
      if (project.services[dep]) stack.push(dep);
    }
  }
  return planTiers(project, selected).flat();
}

/** The platform's one door (stack/compose.yaml): STATUS is up when it and what it needs run. */
export const PLATFORM_DOOR = 'reverse-proxy';

/**
 * Services a start may leave behind without failing: every service the door does not need,
 * directly or not (with stack/compose.yaml: Node-RED, Grafana, MongoDB, the registry, the director
 * and the ledger). If one of them does not pass its health gate, STATUS still runs, degraded. A
 * project without the door (a test file, another Compose project) has no optional service.
 */
export function optionalServices(project: ComposeProject, door = PLATFORM_DOOR): Set<string> {
  if (!project.services[door]) return new Set();
  const needed = new Set(selectWithDependencies(project, [door]));
  return new Set(Object.keys(project.services).filter((name) => !needed.has(name)));
}
