// Other "machines" on this one, for tests: a bridge this creates (10.<net>.x.0/24, the host at .1)
// and, per machine, a network namespace with a veth on it (its own interfaces, ports and firewall,
// as another computer would have). remove() deletes every link, namespace and rule it made.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class TestLink {
  readonly bridge: string;
  readonly subnet: string;
  private readonly made: Array<() => Promise<unknown>> = [];

  /** `tag` names its interfaces and namespaces (short: 15 bytes at most); its subnet is 10.<net>.x.0/24. */
  constructor(
    private readonly tag: string,
    net: number,
  ) {
    this.bridge = `${tag}br`;
    this.subnet = `10.${net}.${Math.floor(Math.random() * 256)}`;
  }

  private async ip(...args: string[]): Promise<void> {
    await run('ip', args);
  }

  async create(): Promise<void> {
    await this.ip('link', 'add', this.bridge, 'type', 'bridge');
    this.made.push(() => this.ip('link', 'delete', this.bridge));
    await this.ip('addr', 'add', `${this.subnet}.1/24`, 'dev', this.bridge);
    await this.ip('link', 'set', this.bridge, 'up');
    // The main engine's FORWARD policy is DROP, and bridged frames pass through it.
    const rule = ['FORWARD', '-i', this.bridge, '-o', this.bridge, '-j', 'ACCEPT'];
    await run('iptables', ['-I', ...rule]);
    this.made.push(() => run('iptables', ['-D', ...rule]));
  }

  /** A namespace with `<subnet>.<host>` on the link; returns its name. */
  async machine(host: number): Promise<string> {
    const netns = `${this.tag}n${host}`;
    const outside = `${this.tag}h${host}`;
    const inside = `${this.tag}c${host}`;
    await this.ip('netns', 'add', netns);
    this.made.push(() => this.ip('netns', 'delete', netns));
    await this.ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    this.made.push(() => this.ip('link', 'delete', outside));
    await this.ip('link', 'set', outside, 'master', this.bridge);
    await this.ip('link', 'set', outside, 'up');
    await this.ip('link', 'set', inside, 'netns', netns);
    const inNs = (...args: string[]) => this.ip('netns', 'exec', netns, 'ip', ...args);
    await inNs('addr', 'add', `${this.subnet}.${host}/24`, 'dev', inside);
    await inNs('link', 'set', inside, 'up');
    await inNs('link', 'set', 'lo', 'up');
    return netns;
  }

  async remove(): Promise<void> {
    for (const undo of this.made.reverse()) await undo().catch(() => undefined);
  }
}
