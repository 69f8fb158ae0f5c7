// On an ssh:// engine on another machine the platform's ports open on that machine's loopback, out
// of this computer's reach. The launcher already holds an SSH login to it, so while the reverse
// proxy runs there it forwards the proxy's port here, under the same number: the public URL
// (http://localhost:<port>) and Grafana's root URL stay right, and the app tabs work as on a local
// engine. The status model says where the forward is, or why there is none.
import type { DrivenEngine } from '../engine/discovery/chosen.js';
import { openSshForward, type SshForward, type SshForwardTarget } from '../engine/discovery/ssh-forward.js';
import { StatusError } from '../engine/errors.js';
import {
  isLive,
  type DrivenEngineInfo,
  type ProjectStatus,
  type PortStatus,
} from '../engine/status/model.js';

/** The service whose port is the platform's one door (STATUS, Grafana and Node-RED behind it). */
const PROXY = 'reverse-proxy';

export type ForwardState = NonNullable<DrivenEngineInfo['forward']>;

type OpenForward = (ssh: NonNullable<DrivenEngine['ssh']>, target: SshForwardTarget) => Promise<SshForward>;

export interface AppForwardOptions {
  /** The engine the launcher drives now (undefined while none is connected). */
  engine: () => DrivenEngine | undefined;
  /** The forward opened, closed or failed: the status model should be sent again. */
  onChange: () => void;
  /** Tests pass a fake; default openSshForward. */
  open?: OpenForward;
}

interface Wanted {
  engine: DrivenEngine;
  ssh: NonNullable<DrivenEngine['ssh']>;
  port: number;
  remoteHost: string;
}

/** Where the server itself reaches a published port: its bound address, or its loopback when bound on all. */
function reachableAt(port: PortStatus): string {
  return port.hostIp && port.hostIp !== '0.0.0.0' && port.hostIp !== '::' ? port.hostIp : '127.0.0.1';
}

/** The forward this status calls for: an ssh:// engine elsewhere whose reverse proxy runs with a port. */
export function wantedForward(engine: DrivenEngine | undefined, status: ProjectStatus): Wanted | undefined {
  if (!engine?.ssh || engine.local || status.engine !== 'connected') return undefined;
  const proxy = status.services[PROXY];
  if (!proxy || !isLive(proxy.state)) return undefined;
  const port = proxy.ports.find((p) => p.protocol === 'tcp' && p.hostPort > 0);
  if (!port) return undefined;
  return { engine, ssh: engine.ssh, port: port.hostPort, remoteHost: reachableAt(port) };
}

function sameWanted(a: Wanted | undefined, b: Wanted | undefined): boolean {
  if (!a || !b) return a === b;
  return a.engine === b.engine && a.port === b.port && a.remoteHost === b.remoteHost;
}

function problemOf(error: unknown, port: number): string {
  if (error instanceof StatusError) return `${error.message} ${error.hint}`;
  return `STATUS Desktop could not forward port ${port} from the server: ${(error as Error).message}. Start the platform again; if it stays, use one of the ways below.`;
}

export class AppForward {
  private wanted: Wanted | undefined;
  private forward: SshForward | undefined;
  /** The outcome of the last opening, and what it was for. */
  private outcome: { for: Wanted; state: ForwardState } | undefined;
  /** Opening and closing happen one at a time, in the order the status asked for them. */
  private queue: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(private readonly opts: AppForwardOptions) {}

  /** Called with every status snapshot: opens, moves or closes the forward to match it. */
  update(status: ProjectStatus): void {
    if (this.closed) return;
    const wanted = wantedForward(this.opts.engine(), status);
    if (sameWanted(wanted, this.wanted)) return;
    this.wanted = wanted;
    this.queue = this.queue.then(() => this.apply(wanted));
  }

  /** The driven engine as the console sees it, with the forward's URL or its problem. */
  describe(info: DrivenEngineInfo | undefined): DrivenEngineInfo | undefined {
    if (!info || !this.outcome || this.outcome.for !== this.wanted) return info;
    return { ...info, forward: this.outcome.state };
  }

  /** Closes the forward and opens none again. */
  async close(): Promise<void> {
    this.closed = true;
    this.wanted = undefined;
    this.queue = this.queue.then(() => this.apply(undefined));
    await this.queue;
  }

  private async apply(wanted: Wanted | undefined): Promise<void> {
    const hadOne = this.outcome !== undefined;
    await this.forward?.close();
    this.forward = undefined;
    this.outcome = undefined;
    // A later update already asked for something else: its own turn comes next.
    if (wanted && wanted === this.wanted) {
      const open = this.opts.open ?? openSshForward;
      try {
        this.forward = await open(wanted.ssh, {
          localPort: wanted.port,
          remoteHost: wanted.remoteHost,
          remotePort: wanted.port,
        });
        this.outcome = { for: wanted, state: { url: `http://localhost:${wanted.port}/` } };
      } catch (error) {
        this.outcome = { for: wanted, state: { problem: problemOf(error, wanted.port) } };
      }
    }
    if (hadOne || this.outcome) this.opts.onChange();
  }
}
