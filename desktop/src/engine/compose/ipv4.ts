// IPv4 addresses and CIDR blocks as Compose writes them (`ipam.config[].subnet`, `ipv4_address`):
// parsing and "is this address inside that block", for the loader's checks before Docker sees them.

/** The address as a 32-bit unsigned number, or undefined when it is not dotted-quad IPv4. */
export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
}

export interface Ipv4Block {
  base: number;
  prefix: number;
}

/** `a.b.c.d/n` with the host bits zero (Docker refuses others), or undefined. */
export function parseIpv4Cidr(text: string): Ipv4Block | undefined {
  const m = /^([^/]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const base = parseIpv4(m[1]!);
  const prefix = Number(m[2]);
  if (base === undefined || prefix > 32) return undefined;
  if ((base & ~maskOf(prefix)) >>> 0 !== 0) return undefined;
  return { base, prefix };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function ipv4InBlock(address: number, block: Ipv4Block): boolean {
  return (address & maskOf(block.prefix)) >>> 0 === block.base;
}
