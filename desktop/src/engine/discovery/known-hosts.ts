// SSH host key checking for ssh:// engines. dockerode's SSH transport accepts any host key unless it
// is given a verifier; the Docker CLI runs the ssh binary, which checks known_hosts. We do the same
// check: a key must be listed for the host, and a listed-but-different key is refused.
import { createHmac } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

export function knownHostsFiles(homeDir: string): string[] {
  return [
    path.join(homeDir, '.ssh', 'known_hosts'),
    path.join(homeDir, '.ssh', 'known_hosts2'),
    '/etc/ssh/ssh_known_hosts',
    '/etc/ssh/ssh_known_hosts2',
  ];
}

/** How known_hosts names a host: `host` on port 22, `[host]:port` otherwise. */
export function hostEntryName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function wildcardMatch(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .split('')
      .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return regex.test(name);
}

function hashedMatch(entry: string, name: string): boolean {
  // |1|base64(salt)|base64(HMAC-SHA1(salt, name))
  const [, kind, salt, hash] = entry.split('|');
  if (kind !== '1' || !salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Does the hosts field of a known_hosts line cover `name`? Negated patterns (`!host`) veto. */
export function hostsFieldMatches(field: string, name: string): boolean {
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('|')) {
      if (hashedMatch(pattern, name)) matched = true;
    } else if (pattern.startsWith('!')) {
      if (wildcardMatch(pattern.slice(1), name)) return false;
    } else if (wildcardMatch(pattern, name)) {
      matched = true;
    }
  }
  return matched;
}

/** Checks a raw host key blob (what the server sent) against known_hosts text. */
export function checkHostKeyIn(text: string, host: string, port: number, key: Buffer): HostKeyVerdict {
  const names = [hostEntryName(host, port)];
  let listed = false;
  let matched = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const fields = line.split(/\s+/);
    let marker: string | undefined;
    if (fields[0]?.startsWith('@')) marker = fields.shift();
    const [hosts, , keyBase64] = fields;
    if (!hosts || !keyBase64) continue;
    if (!names.some((name) => hostsFieldMatches(hosts, name))) continue;
    const same = Buffer.from(keyBase64, 'base64').equals(key);
    if (marker === '@revoked') {
      if (same) return 'revoked';
      continue;
    }
    if (marker === '@cert-authority') continue; // host certificates are not checked here
    listed = true;
    if (same) matched = true;
  }
  if (matched) return 'match';
  return listed ? 'mismatch' : 'unknown';
}

export function checkHostKey(files: string[], host: string, port: number, key: Buffer): HostKeyVerdict {
  let verdict: HostKeyVerdict = 'unknown';
  for (const file of files) {
    if (!existsSync(file)) continue;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const result = checkHostKeyIn(text, host, port, key);
    if (result === 'revoked') return 'revoked';
    if (result === 'match') verdict = 'match';
    else if (result === 'mismatch' && verdict !== 'match') verdict = 'mismatch';
  }
  return verdict;
}

/** The explanation for a refused host key, for the candidate's detail. */
export function hostKeyProblem(verdict: HostKeyVerdict, host: string, port: number, user?: string): string {
  const target = `${user ? `${user}@` : ''}${host}${port === 22 ? '' : ` -p ${port}`}`;
  switch (verdict) {
    case 'unknown':
      return `the SSH host key of ${hostEntryName(host, port)} is not in ~/.ssh/known_hosts; run \`ssh ${target}\` once, check the fingerprint and accept it`;
    case 'mismatch':
      return `the SSH host key of ${hostEntryName(host, port)} does NOT match the one in ~/.ssh/known_hosts (the host was reinstalled, or someone is intercepting the connection); check with its administrator before removing the old key (\`ssh-keygen -R ${hostEntryName(host, port)}\`)`;
    case 'revoked':
      return `the SSH host key of ${hostEntryName(host, port)} is marked @revoked in known_hosts`;
    case 'match':
      return '';
  }
}
