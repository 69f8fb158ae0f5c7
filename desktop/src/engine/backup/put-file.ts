// One file into a container's /tmp through the engine's archive API (no host paths involved).
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import tar from 'tar-stream';

export async function putFile(
  container: Docker.Container,
  name: string,
  size: number,
  content: Readable,
): Promise<void> {
  const pack = tar.pack();
  const entry = pack.entry({ name, size, mode: 0o600 }, (error) => {
    if (error) pack.destroy(error);
    else pack.finalize();
  });
  content.once('error', (error) => pack.destroy(error));
  content.pipe(entry);
  await container.putArchive(pack, { path: '/tmp' });
}
