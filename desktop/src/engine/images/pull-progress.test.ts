// pullLayerId and PullTracker on a pull stream recorded from Engine 20.10 (two layers, from the
// local test registry), plus the references that fooled the old tag comparison.
import { describe, expect, it } from 'vitest';
import type { PullSummary } from '../progress.js';
import { PullTracker, pullLayerId, type PullMessage } from './pull-progress.js';

const RECORDED: PullMessage[] = [
  { status: 'Pulling from st-pull/tiny', id: 'exp1' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'f5743f79197e' },
  { status: 'Pulling fs layer', progressDetail: {}, id: 'f1158ae335f1' },
  { status: 'Downloading', progressDetail: { current: 3794, total: 4269 }, id: 'f5743f79197e' },
  { status: 'Downloading', progressDetail: { current: 4269, total: 4269 }, id: 'f5743f79197e' },
  { status: 'Verifying Checksum', progressDetail: {}, id: 'f5743f79197e' },
  { status: 'Download complete', progressDetail: {}, id: 'f5743f79197e' },
  { status: 'Extracting', progressDetail: { current: 4269, total: 4269 }, id: 'f5743f79197e' },
  { status: 'Downloading', progressDetail: { current: 3792, total: 262377 }, id: 'f1158ae335f1' },
  { status: 'Verifying Checksum', progressDetail: {}, id: 'f1158ae335f1' },
  { status: 'Download complete', progressDetail: {}, id: 'f1158ae335f1' },
  { status: 'Pull complete', progressDetail: {}, id: 'f5743f79197e' },
  { status: 'Extracting', progressDetail: { current: 32768, total: 262377 }, id: 'f1158ae335f1' },
  { status: 'Extracting', progressDetail: { current: 262377, total: 262377 }, id: 'f1158ae335f1' },
  { status: 'Pull complete', progressDetail: {}, id: 'f1158ae335f1' },
  { status: 'Digest: sha256:f06b0dfac6df4e957cc2d07d9ac6023448ed694f8c61a3698238d26021547e1e' },
  { status: 'Status: Downloaded newer image for 127.0.0.1:34763/st-pull/tiny:exp1' },
];

/** The summary after each message of `messages`, as pullImage sends them. */
function summaries(messages: PullMessage[]): PullSummary[] {
  const tracker = new PullTracker();
  return messages.map((message) => tracker.add(message));
}

describe('pullLayerId', () => {
  it('is the layer id for layer lines and empty for image-level lines', () => {
    expect(RECORDED.map(pullLayerId)).toEqual([
      '',
      'f5743f79197e',
      'f1158ae335f1',
      ...Array<string>(4).fill('f5743f79197e'),
      'f5743f79197e',
      ...Array<string>(3).fill('f1158ae335f1'),
      'f5743f79197e',
      ...Array<string>(3).fill('f1158ae335f1'),
      '',
      '',
    ]);
  });

  it('does not mistake the tag or digest of "Pulling from" for a layer, whatever the reference', () => {
    // Pulled by digest, without a tag (dockerode asks for :latest), or with a registry port.
    for (const id of ['sha256:f06b0dfac6df', 'latest', '5000', 'a1b2c3d4e5f6']) {
      expect(pullLayerId({ status: 'Pulling from st-pull/tiny', id })).toBe('');
    }
    expect(pullLayerId({ status: 'Already exists', progressDetail: {}, id: 'a1b2c3d4e5f6' })).toBe(
      'a1b2c3d4e5f6',
    );
    expect(pullLayerId({ status: 'Waiting', progressDetail: {}, id: 'a1b2c3d4e5f6' })).toBe('a1b2c3d4e5f6');
    expect(pullLayerId({ status: 'Status: Image is up to date for x:1' })).toBe('');
  });
});

describe('PullTracker', () => {
  it('follows each layer from "Pulling fs layer" to "Pull complete", in order', () => {
    const after = summaries(RECORDED);
    expect(after[2]).toEqual({
      layers: [
        { id: 'f5743f79197e', status: 'Pulling fs layer', current: 0, total: 0, done: false },
        { id: 'f1158ae335f1', status: 'Pulling fs layer', current: 0, total: 0, done: false },
      ],
      current: 0,
      total: 0,
      done: false,
    });
    expect(after[8]).toMatchObject({
      layers: [
        { id: 'f5743f79197e', status: 'Extracting', current: 4269, total: 4269, done: false },
        { id: 'f1158ae335f1', status: 'Downloading', current: 3792, total: 262377, done: false },
      ],
      current: 4269 + 3792,
      total: 4269 + 262377,
      done: false,
    });
    // Extracting counts as downloaded: its current is extraction progress, not a step back.
    expect(after[12]?.layers[1]).toMatchObject({ status: 'Extracting', current: 262377 });
    expect(after.at(-1)).toEqual({
      layers: [
        { id: 'f5743f79197e', status: 'Pull complete', current: 4269, total: 4269, done: true },
        { id: 'f1158ae335f1', status: 'Pull complete', current: 262377, total: 262377, done: true },
      ],
      current: 266646,
      total: 266646,
      done: true,
    });
  });

  it('counts layers already present as done, and an up-to-date image as done', () => {
    const summary = summaries([
      { status: 'Pulling from library/x', id: '1' },
      { status: 'Already exists', progressDetail: {}, id: 'aaaaaaaaaaaa' },
      { status: 'Pulling fs layer', progressDetail: {}, id: 'bbbbbbbbbbbb' },
      { status: 'Waiting', progressDetail: {}, id: 'bbbbbbbbbbbb' },
    ]).at(-1);
    expect(summary?.layers).toEqual([
      { id: 'aaaaaaaaaaaa', status: 'Already exists', current: 0, total: 0, done: true },
      { id: 'bbbbbbbbbbbb', status: 'Waiting', current: 0, total: 0, done: false },
    ]);
    expect(summary?.done).toBe(false);
    const upToDate = summaries([
      { status: 'Pulling from library/x', id: '1' },
      { status: 'Digest: sha256:00' },
      { status: 'Status: Image is up to date for x:1' },
    ]);
    expect(upToDate.at(-1)).toEqual({ layers: [], current: 0, total: 0, done: true });
  });

  it('answers a copy: a summary already sent does not change with later messages', () => {
    const tracker = new PullTracker();
    const first = tracker.add(RECORDED[1]!);
    tracker.add(RECORDED[3]!);
    expect(first.layers[0]).toEqual({
      id: 'f5743f79197e',
      status: 'Pulling fs layer',
      current: 0,
      total: 0,
      done: false,
    });
    expect(tracker.summary().layers[0]).toMatchObject({ status: 'Downloading', current: 3794, total: 4269 });
  });
});
