import { describe, expect, it } from 'vitest';
import type { ComposeProject } from '../compose/types.js';
import { applyMirror, mirroredImage } from './mirror.js';

describe('registry mirror', () => {
  it('puts every downloaded image behind the one prefix', () => {
    const mirror = 'https://mirror.example.com:5000/hub/';
    expect(mirroredImage('postgres:16', mirror)).toBe('mirror.example.com:5000/hub/library/postgres:16');
    expect(mirroredImage('nodered/node-red:4.0', mirror)).toBe(
      'mirror.example.com:5000/hub/nodered/node-red:4.0',
    );
    expect(mirroredImage('ghcr.io/org/app:1', mirror)).toBe('mirror.example.com:5000/hub/ghcr.io/org/app:1');
    expect(mirroredImage('mirror.example.com:5000/hub/library/postgres:16', mirror)).toBe(
      'mirror.example.com:5000/hub/library/postgres:16',
    );
    expect(mirroredImage('docker.io/redis:7', mirror)).toBe('mirror.example.com:5000/hub/library/redis:7');
    expect(mirroredImage('ghcr.io/org/app@sha256:ab', mirror)).toBe(
      'mirror.example.com:5000/hub/ghcr.io/org/app@sha256:ab',
    );
    expect(mirroredImage('postgres:16', '  ')).toBe('postgres:16');
  });

  it('renames downloaded images and the base images of builds; built images keep their names', () => {
    const project = {
      name: 'p',
      services: {
        postgres: { image: 'postgres:16' },
        backend: {
          image: 'status-backend:0.1.0',
          build: { context: '.', args: { NODE_IMAGE: 'node:20-slim', VERSION: '1' } },
        },
      },
    } as unknown as ComposeProject;
    const mirrored = applyMirror(project, 'mirror.local');
    expect(mirrored.services.postgres!.image).toBe('mirror.local/library/postgres:16');
    expect(mirrored.services.backend!.image).toBe('status-backend:0.1.0');
    expect(mirrored.services.backend!.build!.args).toEqual({
      NODE_IMAGE: 'mirror.local/library/node:20-slim',
      VERSION: '1',
    });
    expect(applyMirror(project, undefined)).toBe(project);
  });
});
