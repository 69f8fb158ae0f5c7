import { describe, expect, it } from 'vitest';
import { swarmTaskError } from './swarm-task.js';

describe('a Swarm deployment as a console task', () => {
  it('ends well when every service converged', () => {
    expect(
      swarmTaskError({
        services: { 'status-backend': { outcome: 'updated' }, postgres: { outcome: 'unchanged' } },
        notes: [],
        elapsedMs: 1,
      }),
    ).toBeUndefined();
  });

  it('fails naming what Swarm rolled back, why, and the logs to read', () => {
    const error = swarmTaskError({
      services: {
        'status-backend': { outcome: 'rolled-back', reason: 'health check failed' },
        postgres: { outcome: 'unchanged' },
      },
      notes: [],
      elapsedMs: 1,
    })!;
    expect(error.code).toBe('SERVICE_UNHEALTHY');
    expect(error.message).toBe(
      'Swarm rolled status-backend back to the previous version: the new one did not become healthy (status-backend: health check failed).',
    );
    expect(error.hint).toContain('status-desktop logs status-backend');
    expect(error.details).toEqual({ services: ['status-backend'] });
  });
});
