// A command inside a running container whose standard output is data (a dump), not text: streamed
// into a sink as it comes, with standard error kept for the message when the command fails.
import type Docker from 'dockerode';
import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StatusError } from '../errors.js';

const STDERR_KEPT = 4000;

export interface ExecToSinkOptions {
  /** What runs, for the error message ("pg_dump of the database x"). */
  what: string;
  signal?: AbortSignal;
  /** Extra environment of the command only (values never appear in its arguments). */
  env?: Record<string, string>;
}

export async function execToSink(
  container: Docker.Container,
  argv: string[],
  sink: Writable,
  { what, signal, env = {} }: ExecToSinkOptions,
): Promise<void> {
  const exec = await container.exec({
    Cmd: argv,
    Env: Object.entries(env).map(([key, value]) => `${key}=${value}`),
    AttachStdout: true,
    AttachStderr: true,
    Tty: false,
  });
  const stream = await exec.start({ hijack: true, stdin: false });
  const stdout = new PassThrough();
  let stderr = '';
  const errors = new PassThrough();
  errors.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_KEPT);
  });
  container.modem.demuxStream(stream, stdout, errors);
  const ended = () => stdout.end();
  stream.once('end', ended);
  stream.once('close', ended);
  const onAbort = () => stream.destroy();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    await pipeline(stdout, sink, { signal });
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw commandFailed(what, ExitCode, stderr);
}

export function commandFailed(what: string, exitCode: number | null, output: string): StatusError {
  const tail = output.trim().split('\n').slice(-5).join('\n');
  return new StatusError(
    'SERVICE_EXITED',
    `${what} failed (exit code ${exitCode ?? 'unknown'}): ${tail || '(no output)'}`,
    "Look at the service's logs in the console (is the disk full? is the service healthy?), then try again.",
    { output },
  );
}
