// Copying a named volume out of and into the engine, through the Docker API only (no host paths,
// so it works against a remote engine too): a helper container from the service's own image mounts
// the volume; reading is a getArchive of the never-started helper, writing empties the volume with
// the helper's shell and then a putArchive.
import type Docker from 'dockerode';
import { randomBytes } from 'node:crypto';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type { ComposeProject } from '../compose/types.js';
import { LABEL } from '../labels.js';
import { commandFailed } from './exec-stream.js';
import type { VolumeRef } from './plan.js';

/** Where the helper mounts the volume; archive entries are named `<key>/...` below it. */
const MOUNT_ROOT = '/status-backup';

async function withHelper<T>(
  docker: Docker,
  project: ComposeProject,
  image: string,
  volume: VolumeRef,
  readOnly: boolean,
  use: (container: Docker.Container) => Promise<T>,
): Promise<T> {
  const container = await docker.createContainer({
    name: `${project.name}-backup-${volume.key}-${randomBytes(3).toString('hex')}`,
    Image: image,
    User: '0:0',
    // Empties the volume when started (only the restore starts it); dot files included.
    Entrypoint: ['/bin/sh', '-c', 'cd "$0" && rm -rf -- ..?* .[!.]* *'],
    Cmd: [`${MOUNT_ROOT}/${volume.key}`],
    // One-off: `docker compose ps` and the engine's own project listings leave it out.
    Labels: { [LABEL.project]: project.name, [LABEL.oneoff]: 'True', [LABEL.managedBy]: 'status-desktop' },
    NetworkDisabled: true,
    HostConfig: {
      Mounts: [
        { Type: 'volume', Source: volume.name, Target: `${MOUNT_ROOT}/${volume.key}`, ReadOnly: readOnly },
      ],
    },
  });
  try {
    return await use(container);
  } finally {
    // v: the image's own anonymous volumes (its VOLUME lines), never the named one.
    await container.remove({ force: true, v: true }).catch(() => undefined);
  }
}

/** Writes the volume's files as a gzipped tar (entries `<key>/...`) into `sink`. */
export function readVolume(
  docker: Docker,
  project: ComposeProject,
  image: string,
  volume: VolumeRef,
  sink: Writable,
  signal?: AbortSignal,
): Promise<void> {
  return withHelper(docker, project, image, volume, true, async (container) => {
    const tar = (await container.getArchive({ path: `${MOUNT_ROOT}/${volume.key}` })) as Readable;
    await pipeline(tar, createGzip(), sink, { signal });
  });
}

/** Replaces the volume's files with those of a gzipped tar made by readVolume. */
export function writeVolume(
  docker: Docker,
  project: ComposeProject,
  image: string,
  volume: VolumeRef,
  source: Readable,
): Promise<void> {
  return withHelper(docker, project, image, volume, false, async (container) => {
    await container.start();
    const result = (await container.wait()) as { StatusCode: number };
    if (result.StatusCode !== 0) {
      const logs = (await container.logs({ stdout: true, stderr: true, tail: 20 })).toString('utf8');
      throw commandFailed(`Emptying the volume ${volume.name}`, result.StatusCode, logs);
    }
    const tar = createGunzip();
    source.once('error', (error) => tar.destroy(error));
    await container.putArchive(source.pipe(tar), { path: MOUNT_ROOT });
  });
}
