// The update check's verdicts and reference handling, without an engine (upgrade.e2e.test.ts asks
// a real engine and the test registry).
import { describe, expect, it } from 'vitest';
import { classifyImage } from './updates.js';
import { localDigestFor, parseImageReference } from './updates-reference.js';

const OLD = 'sha256:' + 'a'.repeat(64);
const NEW = 'sha256:' + 'b'.repeat(64);

describe('parseImageReference', () => {
  it.each([
    ['postgres:17.2-bookworm', { repository: 'docker.io/library/postgres', tag: '17.2-bookworm' }],
    ['grafana/grafana-oss:11.4.0', { repository: 'docker.io/grafana/grafana-oss', tag: '11.4.0' }],
    ['ghcr.io/governify/registry:pr.35', { repository: 'ghcr.io/governify/registry', tag: 'pr.35' }],
    ['127.0.0.1:5000/demo:1', { repository: '127.0.0.1:5000/demo', tag: '1' }],
    ['127.0.0.1:5000/demo', { repository: '127.0.0.1:5000/demo', tag: 'latest' }],
    ['localhost/x', { repository: 'localhost/x', tag: 'latest' }],
    [`nginx@${OLD}`, { repository: 'docker.io/library/nginx', digest: OLD }],
    ['index.docker.io/library/redis:7', { repository: 'docker.io/library/redis', tag: '7' }],
  ])('%s', (reference, expected) => {
    expect(parseImageReference(reference)).toEqual(expected);
  });
});

describe('localDigestFor', () => {
  it("finds the digest recorded for the reference's repository, in the engine's short form too", () => {
    expect(localDigestFor('postgres:17', [`docker.io/other@${NEW}`, `postgres@${OLD}`])).toBe(OLD);
    expect(localDigestFor('127.0.0.1:5000/demo:1', [`127.0.0.1:5000/demo@${NEW}`])).toBe(NEW);
  });

  it('has none for an image that did not come from that repository', () => {
    expect(localDigestFor('127.0.0.1:5000/demo:1', [`127.0.0.1:6000/demo@${NEW}`])).toBeUndefined();
    expect(localDigestFor('status-test/base:1', [])).toBeUndefined();
  });
});

describe('classifyImage', () => {
  const image = '127.0.0.1:5000/demo:1';
  const pulled = { repoDigests: [`127.0.0.1:5000/demo@${OLD}`] };

  it('same digest: up to date; another: update available', () => {
    expect(classifyImage(image, pulled, { digest: OLD })).toEqual({
      image,
      state: 'up-to-date',
      localDigest: OLD,
      remoteDigest: OLD,
    });
    expect(classifyImage(image, pulled, { digest: NEW })).toMatchObject({
      state: 'update-available',
      localDigest: OLD,
      remoteDigest: NEW,
    });
  });

  it('no local image: not downloaded yet, whether or not the registry answered', () => {
    expect(classifyImage(image, null, { digest: NEW })).toMatchObject({
      state: 'not-pulled',
      remoteDigest: NEW,
    });
    expect(classifyImage(image, null, { error: 'connection refused' })).toMatchObject({
      state: 'not-pulled',
      reason: 'the registry could not be asked: connection refused',
    });
  });

  it("an unreachable registry: unknown, in the engine's words", () => {
    expect(classifyImage(image, pulled, { error: 'dial tcp 127.0.0.1:5000: connection refused' })).toEqual({
      image,
      state: 'unknown',
      localDigest: OLD,
      reason: 'the registry could not be asked: dial tcp 127.0.0.1:5000: connection refused',
    });
  });

  it('a local image that came from no registry cannot be compared', () => {
    expect(classifyImage(image, { repoDigests: [] }, { digest: NEW })).toMatchObject({
      state: 'unknown',
      reason: expect.stringContaining('not downloaded from its registry'),
    });
  });
});
