// `logs` for a Swarm deployment: GET /services/{id}/logs, which the manager gathers from every
// task on every node, decoded and time-ordered like a container's log.
import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import { StatusError } from '../errors.js';
import { decodeLogStream } from '../logs/demux.js';
import { engineTail, toEngineSince, type LogLine, type LogsOptions } from '../logs/logs.js';
import { interleave, mergeByTime } from '../logs/order.js';
import { parseTimestamp } from '../logs/parse.js';
import { swarmServices } from './status.js';

export async function* swarmLogs(
  docker: Docker,
  project: string,
  services: readonly string[],
  opts: LogsOptions = {},
): AsyncGenerator<LogLine, void, undefined> {
  const deployed = await swarmServices(docker, project);
  const sources = services.map((name) => {
    const service = deployed.get(name);
    if (!service)
      throw new StatusError(
        'NOT_FOUND',
        `Service "${name}" is not deployed to the Swarm as part of ${project}.`,
        'Deploy it with `status-desktop deploy --swarm`.',
        { service: name },
      );
    return { name, service };
  });
  const controller = new AbortController();
  const abort = () => controller.abort();
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    const query = {
      stdout: true,
      stderr: true,
      timestamps: true,
      follow: opts.follow === true,
      tail: engineTail(opts.tail),
      ...(opts.since !== undefined ? { since: toEngineSince(opts.since) } : {}),
    };
    const read = (s: (typeof sources)[number]) =>
      readService(docker, s.service.ID, s.name, s.service.Spec.Name, query, controller.signal);
    if (opts.follow || sources.length === 1) {
      // Following (or one service): lines as they arrive.
      yield* interleave(sources.map(read), abort);
      return;
    }
    const lists = await Promise.all(sources.map(async (s) => collect(read(s))));
    yield* mergeByTime(lists);
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    opts.signal?.removeEventListener('abort', abort);
    controller.abort();
  }
}

async function* readService(
  docker: Docker,
  id: string,
  service: string,
  swarmName: string,
  query: Record<string, string | boolean>,
  signal: AbortSignal,
): AsyncGenerator<LogLine, void, undefined> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    docker.modem.dial(
      {
        path: `/services/${id}/logs?`,
        method: 'GET',
        abortSignal: signal,
        isStream: true,
        statusCodes: {
          200: true,
          404: 'no such service',
          500: 'server error',
          503: 'node is not part of a swarm',
        },
        options: query,
      },
      (error, s) => (error ? reject(error) : resolve(s as NodeJS.ReadableStream)),
    ),
  );
  try {
    for await (const raw of decodeLogStream(stream, { tty: false, timestamps: true })) {
      const line: LogLine = { service, container: swarmName, stream: raw.stream, text: raw.text };
      const time = raw.timestamp === undefined ? undefined : parseTimestamp(raw.timestamp);
      if (time) Object.assign(line, time);
      yield line;
    }
  } finally {
    (stream as Readable).destroy();
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
