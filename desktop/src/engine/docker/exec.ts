// Run a command inside a running container and collect its exit code and output.
import type Docker from 'dockerode';
import { PassThrough } from 'node:stream';

export interface ExecResult {
  exitCode: number | null;
  output: string;
  timedOut: boolean;
}

/** Docker's healthcheck test form → the argv the engine would run. */
export function healthTestToArgv(test: string[]): string[] | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

export async function execInContainer(
  container: Docker.Container,
  argv: string[],
  timeoutMs: number,
): Promise<ExecResult> {
  const exec = await container.exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, Tty: false });
  const stream = await exec.start({ hijack: true, stdin: false });
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  // The exec stream is multiplexed; demux both outputs into one text.
  container.modem.demuxStream(stream, sink, sink);

  let timer: NodeJS.Timeout | undefined;
  const finished = new Promise<boolean>((resolve) => {
    stream.once('end', () => resolve(false));
    stream.once('close', () => resolve(false));
    stream.once('error', () => resolve(false));
    timer = setTimeout(() => resolve(true), timeoutMs);
  });
  const timedOut = await finished;
  clearTimeout(timer);
  if (timedOut) stream.destroy();
  const info = await exec.inspect();
  return {
    exitCode: timedOut ? null : info.ExitCode,
    output: Buffer.concat(chunks).toString('utf8'),
    timedOut,
  };
}
