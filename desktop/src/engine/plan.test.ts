import { describe, expect, it } from 'vitest';
import type { ComposeProject, ServiceSpec } from './compose/types.js';
import { dependentsOf, optionalServices, planTiers, selectWithDependencies, stopOrder } from './plan.js';
import { thrown } from '../../test/expect-error.js';

function service(name: string, deps: string[] = []): ServiceSpec {
  return {
    name,
    image: `${name}:1`,
    environment: {},
    ports: [],
    mounts: [],
    networks: ['default'],
    dependsOn: Object.fromEntries(
      deps.map((dep) => [dep, { condition: 'service_healthy' as const, required: true }]),
    ),
    restart: 'no',
    labels: {},
    stopGracePeriodMs: 10_000,
    ulimits: [],
  };
}

/** `{ web: ['db'] }` → a project where web depends on db. */
function project(graph: Record<string, string[]>): ComposeProject {
  return {
    name: 'test',
    workingDir: '/tmp',
    configFiles: ['/tmp/compose.yaml'],
    services: Object.fromEntries(Object.entries(graph).map(([name, deps]) => [name, service(name, deps)])),
    networks: {},
    volumes: {},
  };
}

// The shape of stack/compose.yaml.
const stack = project({
  postgres: [],
  'mongo-registry': [],
  dragonfly: [],
  nodered: [],
  grafana: ['postgres'],
  registry: ['mongo-registry'],
  director: ['registry'],
  'status-backend': ['postgres', 'dragonfly'],
  'status-frontend': ['status-backend'],
  'reverse-proxy': ['status-frontend', 'status-backend'],
});

describe('planTiers', () => {
  it('groups services into tiers by depends_on, sorted by name', () => {
    expect(planTiers(stack)).toEqual([
      ['dragonfly', 'mongo-registry', 'nodered', 'postgres'],
      ['grafana', 'registry', 'status-backend'],
      ['director', 'status-frontend'],
      ['reverse-proxy'],
    ]);
  });

  it('handles independent services and an empty project', () => {
    expect(planTiers(project({ b: [], a: [], c: [] }))).toEqual([['a', 'b', 'c']]);
    expect(planTiers(project({}))).toEqual([]);
  });

  it('places a service after its deepest dependency', () => {
    expect(planTiers(project({ a: [], b: ['a'], c: ['b'], d: ['a', 'c'] }))).toEqual([
      ['a'],
      ['b'],
      ['c'],
      ['d'],
    ]);
  });

  it('plans a subset, ignoring dependencies outside it', () => {
    expect(planTiers(stack, ['reverse-proxy', 'grafana', 'postgres'])).toEqual([
      ['postgres', 'reverse-proxy'],
      ['grafana'],
    ]);
  });

  it('detects a cycle and prints its path', () => {
    const error = thrown(() => planTiers(project({ a: ['b'], b: ['c'], c: ['a'], d: ['a'], e: [] })));
    expect(error.code).toBe('DEPENDENCY_CYCLE');
    expect(error.message).toBe(
      'Services depend on each other in a circle, so none of them can start first: a → b → c → a (→ means "depends on").',
    );
    expect(error.hint).toBe(
      'Remove one of these depends_on entries from the Compose file: services.a.depends_on.b, services.b.depends_on.c, services.c.depends_on.a.',
    );
    expect(error.details.cycle).toEqual(['a', 'b', 'c', 'a']);
  });

  it('finds the cycle even when the first stuck service is only waiting on it', () => {
    const error = thrown(() => planTiers(project({ a: ['x'], x: ['y'], y: ['x'] })));
    expect(error.details.cycle).toEqual(['x', 'y', 'x']);
  });

  it('detects a service that depends on itself', () => {
    const error = thrown(() => planTiers(project({ a: ['a'] })));
    expect(error.code).toBe('DEPENDENCY_CYCLE');
    expect(error.message).toBe('Service a depends on itself (a → a), so it can never start.');
    expect(error.hint).toBe('Remove services.a.depends_on.a from the Compose file.');
  });

  it('rejects an unknown service in the subset', () => {
    const error = thrown(() => planTiers(stack, ['postgress']));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('There is no service "postgress" in project test.');
  });
});

describe('stopOrder', () => {
  it('reverses the tiers: dependents stop first', () => {
    expect(stopOrder(stack)).toEqual([
      ['reverse-proxy'],
      ['director', 'status-frontend'],
      ['grafana', 'registry', 'status-backend'],
      ['dragonfly', 'mongo-registry', 'nodered', 'postgres'],
    ]);
  });
});

describe('dependentsOf', () => {
  it('returns every service that depends on one, transitively, in start order', () => {
    expect(dependentsOf(stack, 'postgres')).toEqual([
      'grafana',
      'status-backend',
      'status-frontend',
      'reverse-proxy',
    ]);
    expect(dependentsOf(stack, 'mongo-registry')).toEqual(['registry', 'director']);
    expect(dependentsOf(stack, 'reverse-proxy')).toEqual([]);
  });

  it('rejects an unknown service', () => {
    expect(thrown(() => dependentsOf(stack, 'nope')).code).toBe('NOT_FOUND');
  });
});

describe('selectWithDependencies', () => {
  it('adds everything the services depend on, transitively, in start order', () => {
    expect(selectWithDependencies(stack, ['director'])).toEqual(['mongo-registry', 'registry', 'director']);
    expect(selectWithDependencies(stack, ['grafana', 'dragonfly'])).toEqual([
      'dragonfly',
      'postgres',
      'grafana',
    ]);
    expect(selectWithDependencies(stack, ['reverse-proxy'])).toEqual([
      'dragonfly',
      'postgres',
      'status-backend',
      'status-frontend',
      'reverse-proxy',
    ]);
  });

  it('returns nothing for an empty selection and rejects unknown services', () => {
    expect(selectWithDependencies(stack, [])).toEqual([]);
    const error = thrown(() => selectWithDependencies(stack, ['grafana', 'graphana']));
    expect(error.code).toBe('NOT_FOUND');
    expect(error.hint).toContain('Use one of: director, dragonfly,');
  });
});

describe('optionalServices', () => {
  it('is every service the door (reverse-proxy) does not need, directly or not', () => {
    expect([...optionalServices(stack)].sort()).toEqual([
      'director',
      'grafana',
      'mongo-registry',
      'nodered',
      'registry',
    ]);
  });

  it('a service the door needs is never optional, even through another one', () => {
    const p = project({ db: [], api: ['db'], extra: ['db'], 'reverse-proxy': ['api'] });
    expect([...optionalServices(p)]).toEqual(['extra']);
  });

  it('a project without the door has no optional service', () => {
    expect(optionalServices(project({ a: [], b: ['a'] })).size).toBe(0);
    expect([...optionalServices(project({ gate: ['a'], a: [], b: [] }), 'gate')]).toEqual(['b']);
  });
});
