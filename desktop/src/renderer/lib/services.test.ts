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

  it('on an engine on another machine: its loopback ports get no link, its open ones link to that machine', () => {
    const onServer = (service: string, p: PortStatus, publicUrl = 'http://localhost:3000/') =>
      portUrl(service, p, 'localhost', publicUrl, 'status.example.org');
    // Not shared: the ports are on the server's loopback, which nothing here reaches.
    expect(onServer('reverse-proxy', port('127.0.0.1', 3000))).toBeUndefined();
    expect(onServer('grafana', port('127.0.0.1', 3100, 3000))).toBeUndefined();
    // Shared under the server's name: the door is the public URL, other open ports are on the server.
    expect(onServer('reverse-proxy', port('', 3000), 'http://status.example.org:3000/')).toBe(
      'http://status.example.org:3000/',
    );
    expect(onServer('grafana', port('0.0.0.0', 3100, 3000))).toBe('http://status.example.org:3100/');
    expect(onServer('nodered', port('10.0.0.5', 1880, 1880))).toBe('http://10.0.0.5:1880/');
  });

  it('on an ssh:// engine whose proxy port the launcher forwards here: the proxy links to the public URL, the rest stays unlinked', () => {
    const publicUrl = 'http://localhost:3000/';
    expect(portUrl('reverse-proxy', port('127.0.0.1', 3000), 'localhost', publicUrl, 'lab', true)).toBe(
      publicUrl,
    );
    expect(
      portUrl('grafana', port('127.0.0.1', 3100, 3000), 'localhost', publicUrl, 'lab', true),
    ).toBeUndefined();
  });
});
