import { describe, expect, it } from 'vitest';
import type { PortStatus } from '../types.js';
import { portUrl } from './services.js';

const port = (hostIp: string, hostPort: number, containerPort = 80): PortStatus => ({
  hostIp,
  hostPort,
  containerPort,
  protocol: 'tcp',
});

// A browser keeps one sign-in per host name: the console's links to the platform must all use the
// public URL's host name, or a link on 127.0.0.1 and another on localhost ask for two sign-ins.
describe('portUrl', () => {
  it('links the reverse proxy (the platform’s door) to the public URL, whatever it is bound to', () => {
    expect(portUrl('reverse-proxy', port('127.0.0.1', 3000), '127.0.0.1', 'http://localhost:3000/')).toBe(
      'http://localhost:3000/',
    );
    expect(portUrl('reverse-proxy', port('', 3000), '127.0.0.1', 'http://192.168.1.20:3000/')).toBe(
      'http://192.168.1.20:3000/',
    );
  });

  it('names loopback ports like a loopback public URL (the console itself may be on 127.0.0.1)', () => {
    expect(portUrl('grafana', port('127.0.0.1', 3100, 3000), '127.0.0.1', 'http://localhost:3000/')).toBe(
      'http://localhost:3100/',
    );
    expect(portUrl('nodered', port('', 1880, 1880), '127.0.0.1', 'http://localhost:3000/')).toBe(
      'http://localhost:1880/',
    );
    expect(portUrl('grafana', port('127.0.0.1', 3100, 3000), 'localhost', 'http://127.0.0.1:3000/')).toBe(
      'http://127.0.0.1:3100/',
    );
  });

  it('keeps a non-loopback address, and works without a public URL as before', () => {
    expect(portUrl('grafana', port('', 3100), '192.168.1.20', 'http://localhost:3000/')).toBe(
      'http://192.168.1.20:3100/',
    );
    expect(portUrl('grafana', port('', 3100), '127.0.0.1')).toBe('http://127.0.0.1:3100/');
    expect(portUrl('reverse-proxy', port('', 3000), 'localhost')).toBe('http://localhost:3000/');
    expect(portUrl('postgres', port('127.0.0.1', 5432, 5432), 'localhost', 'http://localhost:3000/')).toBe(
      undefined,
    );
  });
});
