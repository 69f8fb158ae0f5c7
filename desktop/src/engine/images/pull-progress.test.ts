// pullLayerId and summarizePull on a pull stream recorded from Engine 20.10 (two layers, from the
// local test registry), plus the references that fooled the old tag comparison.
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../progress.js';
import { pullLayerId, summarizePull, type PullMessage } from './pull-progress.js';

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

function toEvents(messages: PullMessage[]): ProgressEvent[] {
  return messages.map((m) => ({
    type: 'pull',
    service: 's',
    image: 'i',
    layer: pullLayerId(m),
    status: m.status ?? '',
    current: m.progressDetail?.current,
    total: m.progressDetail?.total,
  }));
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

describe('summarizePull', () => {
  it('follows each layer from "Pulling fs layer" to "Pull complete", in order', () => {
    const events = toEvents(RECORDED);
    expect(summarizePull(events.slice(0, 3))).toEqual({
      layers: [
        { id: 'f5743f79197e', status: 'Pulling fs layer', current: 0, total: 0, done: false },
        { id: 'f1158ae335f1', status: 'Pulling fs layer', current: 0, total: 0, done: false },
      ],
      current: 0,
      total: 0,
      done: false,
    });
    expect(summarizePull(events.slice(0, 9))).toMatchObject({
      layers: [
        { id: 'f5743f79197e', status: 'Extracting', current: 4269, total: 4269, done: false },
        { id: 'f1158ae335f1', status: 'Downloading', current: 3792, total: 262377, done: false },
      ],
      current: 4269 + 3792,
      total: 4269 + 262377,
      done: false,
    });
    // Extracting counts as downloaded: its current is extraction progress, not a step back.
    expect(summarizePull(events.slice(0, 13)).layers[1]).toMatchObject({
      status: 'Extracting',
      current: 262377,
    });
    expect(summarizePull(events)).toEqual({
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
    const summary = summarizePull(
      toEvents([
        { status: 'Pulling from library/x', id: '1' },
        { status: 'Already exists', progressDetail: {}, id: 'aaaaaaaaaaaa' },
        { status: 'Pulling fs layer', progressDetail: {}, id: 'bbbbbbbbbbbb' },
        { status: 'Waiting', progressDetail: {}, id: 'bbbbbbbbbbbb' },
      ]),
    );
    expect(summary.layers).toEqual([
      { id: 'aaaaaaaaaaaa', status: 'Already exists', current: 0, total: 0, done: true },
      { id: 'bbbbbbbbbbbb', status: 'Waiting', current: 0, total: 0, done: false },
    ]);
    expect(summary.done).toBe(false);
    const upToDate = toEvents([
      { status: 'Pulling from library/x', id: '1' },
      { status: 'Digest: sha256:00' },
      { status: 'Status: Image is up to date for x:1' },
    ]);
    expect(summarizePull(upToDate)).toEqual({ layers: [], current: 0, total: 0, done: true });
  });

  it('ignores events other than pull progress', () => {
    const events: ProgressEvent[] = [
      { type: 'service', service: 's', phase: 'pulling', message: 'downloading' },
      { type: 'pull-retry', service: 's', image: 'i', attempt: 1, delayMs: 5, error: 'x' },
      ...toEvents(RECORDED.slice(0, 2)),
    ];
    expect(summarizePull(events).layers.map((l) => l.id)).toEqual(['f5743f79197e']);
  });
});
