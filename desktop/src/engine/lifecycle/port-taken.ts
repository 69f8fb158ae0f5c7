// A host port taken after the preflight check (another program grabbed it while images were
// pulled or other services started): the engine's refusal to start the container, turned into
// the same named PORT_IN_USE error the preflight gives, with its owner when it can still be found.
import type Docker from 'dockerode';
import type { ComposeProject } from '../compose/types.js';
import { StatusError } from '../errors.js';
import { DEFAULT_PORT_SETTINGS, checkPorts, portConflictError } from '../preflight.js';

/** The engine could not publish a port: "port is already allocated" / "address already in use". */
export function isPortTakenError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /port is already allocated|address already in use/i.test(message);
}

/** Where the engine publishes ports, in words ("this machine" for a local engine). */
function engineMachine(docker: Docker): string {
  const host = (docker.modem as unknown as { host?: unknown }).host;
  return typeof host === 'string' && host && !/^(localhost|127\.|::1$)/.test(host) ? host : 'this machine';
}

/** Why `service`'s container could not start, named as precisely as the engine and this machine tell. */
export async function portTakenError(
  docker: Docker,
  project: ComposeProject,
  service: string,
  cause: unknown,
): Promise<StatusError> {
  const conflicts = await checkPorts(docker, project, { services: [service] }).catch(() => []);
  if (conflicts.length) {
    const named = portConflictError(conflicts);
    return new StatusError(named.code, named.message, named.hint, named.details, { cause });
  }
  // The holder is gone again, or it is on a remote engine's machine we cannot look into.
  const ports = project.services[service]?.ports.map((p) => p.hostPort).filter((p) => p > 0) ?? [];
  const setting = DEFAULT_PORT_SETTINGS[service];
  return new StatusError(
    'PORT_IN_USE',
    `${service} could not publish host port ${ports.join(', ') || '(unknown)'}: another program on ${engineMachine(docker)} took it while STATUS was starting (${cause instanceof Error ? cause.message : String(cause)}).`,
    `Stop that program, or change the port in ${setting ? `Settings → Ports (${setting})` : (project.configFiles[0] ?? 'the compose file')}, then start again.`,
    { service },
    { cause },
  );
}
