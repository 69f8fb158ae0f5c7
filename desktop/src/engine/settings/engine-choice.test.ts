// The engine choice kept in settings.json: what is accepted, and the words for what is not.
import { describe, expect, it } from 'vitest';
import { engineChoiceName, engineChoiceSchema } from './engine-choice.js';

const tls = { ca: '/certs/ca.pem', cert: '/certs/cert.pem', key: '/certs/key.pem' };
const firstError = (value: unknown): string => {
  const result = engineChoiceSchema.safeParse(value);
  expect(result.success).toBe(false);
  return result.error!.issues[0]!.message;
};

describe('engineChoiceSchema', () => {
  it('accepts the default, a context, ssh:// and tcp:// with or without TLS files', () => {
    for (const choice of [
      { kind: 'default' },
      { kind: 'context', name: 'desktop-linux' },
      { kind: 'ssh', host: 'ssh://ops@build-1.example.org' },
      { kind: 'ssh', host: 'ssh://ops@10.0.0.5:2222', name: 'build box' },
      { kind: 'tcp', host: 'tcp://10.0.0.5:2376', name: 'remote-1', tls },
      { kind: 'tcp', host: 'tcp://[fd00::5]:2375' },
    ]) {
      expect(engineChoiceSchema.parse(choice)).toEqual(choice);
    }
  });

  it('refuses addresses of the wrong kind or without a port, with an example', () => {
    expect(firstError({ kind: 'ssh', host: 'tcp://x:2376' })).toContain('ssh://user@host');
    expect(firstError({ kind: 'tcp', host: 'tcp://10.0.0.5' })).toContain('with its port');
    expect(firstError({ kind: 'tcp', host: 'tcp://a b:1' })).toContain('tcp://host:2376');
  });

  it('certificate files must be full paths (and all three given)', () => {
    expect(firstError({ kind: 'tcp', host: 'tcp://h:2376', tls: { ...tls, ca: 'ca.pem' } })).toContain(
      'full path',
    );
    expect(
      engineChoiceSchema.safeParse({ kind: 'tcp', host: 'tcp://h:2376', tls: { ca: '/ca.pem' } }).success,
    ).toBe(false);
  });

  it('refuses unknown kinds and stray keys (a PEM pasted in would be a stray key)', () => {
    expect(firstError({ kind: 'podman' })).toContain('must be {"kind": "default"}');
    expect(
      engineChoiceSchema.safeParse({
        kind: 'tcp',
        host: 'tcp://h:2376',
        tls: { ...tls, keyPem: '-----BEGIN' },
      }).success,
    ).toBe(false);
  });
});

describe('engineChoiceName', () => {
  it('the label given, else the context or the address', () => {
    expect(engineChoiceName({ kind: 'default' })).toBe('default');
    expect(engineChoiceName({ kind: 'context', name: 'colima' })).toBe('colima');
    expect(engineChoiceName({ kind: 'tcp', host: 'tcp://h:2376', name: 'remote-1' })).toBe('remote-1');
    expect(engineChoiceName({ kind: 'ssh', host: 'ssh://ops@h' })).toBe('ssh://ops@h');
  });
});
