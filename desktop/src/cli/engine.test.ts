// Which engine a CLI command drives, and `engine use`'s arguments: the setting, DOCKER_HOST over it,
// a chosen engine that does not answer named with the way back, the choice checked like settings.json.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_SOCKET, refusedPort, removeTempDirs } from '../engine/discovery/test-support.js';
import { isStatusError } from '../engine/errors.js';
import type { EngineChoice } from '../engine/settings/engine-choice.js';
import { BACK_TO_DEFAULT, connectCliEngine, effectiveChoice, engineLabel } from './engine.js';
import { choiceFromArgs, testReport } from './engine-command.js';

afterAll(removeTempDirs);

const lab: EngineChoice = { kind: 'tcp', host: 'tcp://10.0.0.5:2376', name: 'lab' };

describe('the engine a command drives', () => {
  it('is the setting; DOCKER_HOST in the shell beats a chosen engine, and says what it set aside', () => {
    expect(effectiveChoice(lab, {})).toEqual({ choice: lab });
    expect(effectiveChoice(lab, { DOCKER_HOST: 'unix:///x.sock' })).toEqual({
      choice: { kind: 'default' },
      overridden: 'lab',
    });
    // The default already honours DOCKER_HOST: nothing set aside, nothing to say.
    expect(effectiveChoice({ kind: 'default' }, { DOCKER_HOST: 'unix:///x.sock' })).toEqual({
      choice: { kind: 'default' },
    });
  });

  it('connects to the chosen engine and names it as the console does', async () => {
    const warnings: string[] = [];
    const engine = await connectCliEngine(
      { kind: 'tcp', host: 'tcp://127.0.0.1:1', name: 'lab' },
      { DOCKER_HOST: `unix://${ENGINE_SOCKET}` },
      (line) => warnings.push(line),
    );
    expect(engine.endpoint).toBe(`unix://${ENGINE_SOCKET}`);
    expect(warnings).toEqual([
      `Using DOCKER_HOST (unix://${ENGINE_SOCKET}) rather than the engine chosen in settings (lab); unset DOCKER_HOST to use that one.`,
    ]);
    expect(engineLabel(engine)).toMatch(/^default \(unix:\/\/\/var\/run\/docker\.sock, Docker \d+\.\d+/);
  });

  it('a chosen engine that does not answer: which one, what happened, what to do, the way back', async () => {
    const port = await refusedPort();
    const failure = await connectCliEngine(
      { kind: 'tcp', host: `tcp://127.0.0.1:${port}`, name: 'lab' },
      {},
      () => {},
    ).catch((error: unknown) => error);
    expect(isStatusError(failure, 'ENGINE_UNREACHABLE')).toBe(true);
    const shown = (failure as { toDisplayString(): string }).toDisplayString();
    expect(shown).toContain(`The engine chosen in settings (lab, tcp://127.0.0.1:${port}) cannot be used:`);
    // engine-errors.ts's words, as the console shows them.
    expect(shown).toContain(`nothing is listening on 127.0.0.1:${port} (connection refused)`);
    expect(shown).toContain('→ Check the address and port');
    expect(shown).toContain(`→ ${BACK_TO_DEFAULT}`);
  });
});

describe('engine use: the arguments', () => {
  it('default, a context, ssh:// and tcp:// with TLS files (relative paths made full)', () => {
    expect(choiceFromArgs('default', {})).toEqual({ choice: { kind: 'default' } });
    expect(choiceFromArgs('remote-1', {})).toEqual({ choice: { kind: 'context', name: 'remote-1' } });
    expect(choiceFromArgs('ssh://ops@build-1', { name: 'build' })).toEqual({
      choice: { kind: 'ssh', host: 'ssh://ops@build-1', name: 'build' },
    });
    expect(
      choiceFromArgs(
        'tcp://10.0.0.9:2376',
        { tlsCa: 'certs/ca.pem', tlsCert: '/c/cert.pem', tlsKey: '/c/key.pem' },
        '/home/op',
      ),
    ).toEqual({
      choice: {
        kind: 'tcp',
        host: 'tcp://10.0.0.9:2376',
        tls: { ca: path.join('/home/op', 'certs/ca.pem'), cert: '/c/cert.pem', key: '/c/key.pem' },
      },
    });
  });

  it('says what is wrong with arguments that name no engine', () => {
    const error = (target: string, opts = {}) => {
      const parsed = choiceFromArgs(target, opts);
      return 'error' in parsed ? parsed.error : undefined;
    };
    expect(error('tcp://10.0.0.9')).toBe(
      '"tcp://10.0.0.9" is not an engine STATUS Desktop can use: host must be an address with its port, such as "tcp://host:2376".',
    );
    expect(error('my context!')).toContain('must be a Docker context name such as "remote-1"');
    expect(error('tcp://10.0.0.9:2376', { tlsCa: '/ca.pem' })).toBe(
      'A tcp:// engine with TLS needs all three files: --tls-ca, --tls-cert and --tls-key.',
    );
    expect(error('ssh://ops@host', { tlsCa: '/a', tlsCert: '/b', tlsKey: '/c' })).toContain(
      'go with a tcp:// engine only',
    );
    expect(error('remote-1', { name: 'x' })).toContain('a Docker context keeps its own name');
  });
});

describe("the engine's test, in the console's words", () => {
  it('what answers: version, API, platform, resources, Swarm role', () => {
    expect(
      testReport(
        {
          ok: true,
          name: 'lab',
          endpoint: 'tcp://10.0.0.5:2376',
          version: { engine: '27.3.1', apiVersion: '1.47', os: 'linux', arch: 'amd64' },
          resources: { cpus: 8, memoryBytes: 17e9, swarmManager: true, hostName: 'lab-1' },
        },
        lab,
      ),
    ).toEqual([
      '✔ lab answers at tcp://10.0.0.5:2376: Docker 27.3.1 (API 1.47), linux/amd64',
      '  8 CPUs, 17.00 GB of memory; host lab-1',
      '  Manages a Docker Swarm.',
    ]);
  });

  it('what stands in the way, what to do, and the way back to the default', () => {
    const problem = { code: 'ENGINE_UNREACHABLE' as const, message: 'Nothing answers.', hint: 'Check it.' };
    expect(testReport({ ok: false, name: 'lab', endpoint: '', problem }, lab)).toEqual([
      '✗ Nothing answers.',
      '  → Check it.',
      `  → ${BACK_TO_DEFAULT}`,
    ]);
    expect(testReport({ ok: false, name: 'default', endpoint: '', problem }, { kind: 'default' })).toEqual([
      '✗ Nothing answers.',
      '  → Check it.',
    ]);
  });
});
