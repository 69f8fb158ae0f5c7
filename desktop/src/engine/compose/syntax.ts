// Parsers for Compose's small string syntaxes: port mappings, volume mounts, durations, byte sizes,
// and shell words. Each returns either a value or a message saying what is wrong with the text
// (the caller adds the file and key path).
import { isIP } from 'node:net';
import type { PortMapping } from './types.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

// ---- durations ---------------------------------------------------------------------------------

const DURATION_UNITS: Record<string, number> = {
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  µs: 0.001,
  ns: 0.000001,
};

/** Go/Compose durations: `1m30s`, `5s`, `500ms`, `1.5h`, `0`. Returns milliseconds. */
export function parseDuration(text: string): Parsed<number> {
  const input = text.trim();
  if (input === '0') return ok(0);
  if (/^\d+(\.\d+)?$/.test(input)) {
    return bad(`"${text}" has no unit (write e.g. "${input}s", "${input}ms" or "1m30s")`);
  }
  const part = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  let match: RegExpExecArray | null;
  while ((match = part.exec(input)) !== null) {
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
    consumed = part.lastIndex;
  }
  if (input === '' || consumed !== input.length) {
    return bad(`"${text}" is not a duration (write e.g. "30s", "1m30s" or "500ms")`);
  }
  return ok(Math.round(total));
}

// ---- byte sizes --------------------------------------------------------------------------------

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Docker memory sizes: `512m`, `1g`, `1gb`, `100k`, `1024` (bytes), `1.5g`. Units are binary. */
export function parseByteSize(value: string | number): Parsed<number> {
  if (typeof value === 'number') {
    return Number.isInteger(value) && value >= 0 ? ok(value) : bad(`${value} is not a whole number of bytes`);
  }
  const match = /^(\d+(?:\.\d+)?)\s*([bkmgt]?)b?$/i.exec(value.trim());
  if (!match) return bad(`"${value}" is not a size (write e.g. "512m", "1g" or a number of bytes)`);
  return ok(Math.round(Number(match[1]) * SIZE_UNITS[match[2]!.toLowerCase()]!));
}

// ---- ports -------------------------------------------------------------------------------------

const PORT_HELP = 'expected [ip:]host:container';
const MAX_RANGE = 1000;

function parsePortRange(text: string, what: string): Parsed<[number, number]> {
  const match = /^(\d+)(?:-(\d+))?$/.exec(text);
  if (!match) return bad(`${what} port "${text}" is not a number`);
  const start = Number(match[1]);
  const end = match[2] === undefined ? start : Number(match[2]);
  for (const port of [start, end]) {
    if (port < 1 || port > 65535) return bad(`${what} port ${port} is out of range (1-65535)`);
  }
  if (end < start) return bad(`${what} port range "${text}" ends before it starts`);
  if (end - start >= MAX_RANGE)
    return bad(`${what} port range "${text}" is too large (at most ${MAX_RANGE} ports)`);
  return ok([start, end]);
}

function parseProtocol(text: string): Parsed<'tcp' | 'udp'> {
  const protocol = text.toLowerCase();
  if (protocol === 'tcp' || protocol === 'udp') return ok(protocol);
  return bad(`protocol "${text}" is not supported (use tcp or udp)`);
}

function checkHostIp(ip: string): string | undefined {
  if (ip === '' || isIP(ip) !== 0) return undefined;
  return `"${ip}" is not an IP address`;
}

/** Combines host and container ranges: equal lengths pair up; an empty host gives random ports. */
function expandPorts(
  hostIp: string,
  host: [number, number] | undefined,
  container: [number, number],
  protocol: 'tcp' | 'udp',
  spec: string,
): Parsed<PortMapping[]> {
  const count = container[1] - container[0] + 1;
  if (host && host[1] - host[0] + 1 !== count) {
    return bad(`"${spec}": the host and container port ranges have different lengths`);
  }
  const mappings: PortMapping[] = [];
  for (let i = 0; i < count; i++) {
    mappings.push({ hostIp, hostPort: host ? host[0] + i : 0, containerPort: container[0] + i, protocol });
  }
  return ok(mappings);
}

/** Short syntax: `80`, `8080:80`, `127.0.0.1:8080:80`, `[::1]:8080:80/udp`, `127.0.0.1::80`, ranges `8000-8002:8000-8002`. */
export function parsePortSpec(spec: string): Parsed<PortMapping[]> {
  let rest = spec.trim();
  let protocol: 'tcp' | 'udp' = 'tcp';
  const slash = rest.lastIndexOf('/');
  if (slash >= 0) {
    const parsed = parseProtocol(rest.slice(slash + 1));
    if (!parsed.ok) return bad(`"${spec}": ${parsed.message}`);
    protocol = parsed.value;
    rest = rest.slice(0, slash);
  }

  let hostIp = '';
  let parts: string[];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0 || rest[close + 1] !== ':') return bad(`"${spec}" is not a port mapping (${PORT_HELP})`);
    hostIp = rest.slice(1, close);
    parts = rest.slice(close + 2).split(':');
    if (parts.length !== 2) return bad(`"${spec}" is not a port mapping (${PORT_HELP})`);
    if (isIP(hostIp) !== 6) return bad(`"${spec}": "${hostIp}" is not an IPv6 address`);
  } else {
    const split = rest.split(':');
    if (split.length > 3) {
      return bad(
        `"${spec}" is not a port mapping (${PORT_HELP}; put an IPv6 address in brackets: "[::1]:8080:80")`,
      );
    }
    if (split.length === 3) {
      hostIp = split[0]!;
      parts = split.slice(1);
    } else {
      parts = split;
    }
    const ipProblem = checkHostIp(hostIp);
    if (ipProblem) return bad(`"${spec}": ${ipProblem}`);
  }

  const containerText = parts[parts.length - 1]!;
  const hostText = parts.length === 2 ? parts[0]! : '';
  if (
    containerText === '' ||
    !/^[\d-]+$/.test(containerText) ||
    (hostText !== '' && !/^[\d-]+$/.test(hostText))
  ) {
    return bad(`"${spec}" is not a port mapping (${PORT_HELP})`);
  }
  const container = parsePortRange(containerText, 'container');
  if (!container.ok) return bad(`"${spec}": ${container.message}`);
  let host: [number, number] | undefined;
  if (hostText !== '') {
    const parsed = parsePortRange(hostText, 'host');
    if (!parsed.ok) return bad(`"${spec}": ${parsed.message}`);
    host = parsed.value;
  }
  return expandPorts(hostIp, host, container.value, protocol, spec);
}

/** Long syntax `{target, published, host_ip, protocol}` (values already type-checked). */
export function parseLongPort(entry: {
  target: number;
  published?: string | undefined;
  host_ip?: string | undefined;
  protocol?: string | undefined;
}): Parsed<PortMapping[]> {
  const spec = `${entry.published ?? ''}:${entry.target}`;
  const container = parsePortRange(String(entry.target), 'target');
  if (!container.ok) return bad(container.message);
  let protocol: 'tcp' | 'udp' = 'tcp';
  if (entry.protocol !== undefined) {
    const parsed = parseProtocol(entry.protocol);
    if (!parsed.ok) return bad(parsed.message);
    protocol = parsed.value;
  }
  const hostIp = entry.host_ip ?? '';
  const ipProblem = checkHostIp(hostIp);
  if (ipProblem) return bad(`host_ip: ${ipProblem}`);
  let host: [number, number] | undefined;
  if (entry.published !== undefined && entry.published !== '') {
    const parsed = parsePortRange(entry.published, 'published');
    if (!parsed.ok) return bad(parsed.message);
    host = parsed.value;
  }
  return expandPorts(hostIp, host, container.value, protocol, spec);
}

// ---- volumes -----------------------------------------------------------------------------------

export interface RawMount {
  type: 'volume' | 'bind';
  /** Volume key, or the host path as written (resolved later against the project folder). */
  source: string;
  target: string;
  readOnly: boolean;
}

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** `C:\...` anywhere; `C:/...` only on Windows (elsewhere `v:/data` is volume `v` mounted at /data). */
function hasDrive(spec: string): boolean {
  return /^[A-Za-z]:\\/.test(spec) || (process.platform === 'win32' && /^[A-Za-z]:\//.test(spec));
}

/** A host path (bind mount) rather than a volume name: `.`/`/`/`~` prefixes, or a Windows drive. */
export function isHostPath(source: string): boolean {
  return /^[./~]/.test(source) || hasDrive(source) || source.startsWith('\\\\');
}

function anonymousVolume(target: string): string {
  return (
    `"${target}" would be an anonymous volume, which is not supported: its data would be lost when the ` +
    `container is recreated. Name it (e.g. "data:${target}") and declare it under the top-level volumes:`
  );
}

export function checkMount(mount: RawMount): Parsed<RawMount> {
  if (!mount.target.startsWith('/')) {
    return bad(`the container path "${mount.target}" must be absolute (start with /)`);
  }
  if (mount.type === 'volume') {
    if (mount.source === '') return bad(anonymousVolume(mount.target));
    if (!VOLUME_NAME.test(mount.source)) {
      return bad(
        `"${mount.source}" is neither a volume name (letters, digits, _ . -) nor a host path (start it with ./, / or ~)`,
      );
    }
  } else if (mount.source === '') {
    return bad('a bind mount needs a source (the host path)');
  }
  return ok(mount);
}

/** Short syntax: `name:/path[:ro|rw]`, `./dir:/path`, `/abs:/path:ro`, `~/x:/x`, `C:\x:/x`. */
export function parseVolumeSpec(spec: string): Parsed<RawMount> {
  // Split on ':' but keep a Windows drive letter (`C:\...`) with its path.
  const drive = hasDrive(spec) ? spec.slice(0, 2) : '';
  const parts = spec.slice(drive.length).split(':');
  parts[0] = drive + parts[0]!;
  if (parts.length === 1) {
    return bad(anonymousVolume(spec));
  }
  if (parts.length > 3) {
    return bad(`"${spec}" is not a volume mount (expected source:target[:ro|rw], e.g. "data:/var/lib/data")`);
  }
  const [source, target, mode] = parts as [string, string, string | undefined];
  let readOnly = false;
  if (mode !== undefined) {
    if (mode === 'ro') readOnly = true;
    else if (mode !== 'rw') return bad(`"${spec}": mode "${mode}" is not supported (use ro or rw)`);
  }
  if (source === '') return bad(`"${spec}" has no source before the ":"`);
  const checked = checkMount({ type: isHostPath(source) ? 'bind' : 'volume', source, target, readOnly });
  return checked.ok ? checked : bad(`"${spec}": ${checked.message}`);
}

// ---- shell words -------------------------------------------------------------------------------

/** Splits a command string the way Compose does (POSIX-shell quoting, no variable expansion). */
export function splitShellWords(text: string): Parsed<string[]> {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (ch === '\\') {
      if (i + 1 < text.length) word += text[i + 1];
      inWord = true;
      i += 2;
    } else if (ch === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return bad(`${JSON.stringify(text)} has an unclosed single quote`);
      word += text.slice(i + 1, close);
      inWord = true;
      i = close + 1;
    } else if (ch === '"') {
      i++;
      let closed = false;
      while (i < text.length) {
        const c = text[i]!;
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        if (c === '\\' && i + 1 < text.length && '"\\$`\n'.includes(text[i + 1]!)) {
          word += text[i + 1];
          i += 2;
        } else {
          word += c;
          i++;
        }
      }
      if (!closed) return bad(`${JSON.stringify(text)} has an unclosed double quote`);
      inWord = true;
    } else {
      word += ch;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return ok(words);
}
