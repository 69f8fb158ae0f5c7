// RFC 8288 `Link` headers, as the backend's paged lists send them:
//   Link: <?limit=100&offset=200>; rel="next", <?limit=100&offset=0>; rel="prev"
// Several links separated by commas (also what `Headers.get` makes of several `Link` headers), each
// a URI reference in <…> and `;`-separated parameters whose values are tokens or quoted strings
// (which may hold commas and semicolons); `rel` may hold several space-separated relation types.

export interface LinkValue {
  /** The target as written (often a query-only reference: resolve it against the request URL). */
  href: string;
  /** The relation types, lower-cased (`rel="next last"` → ['next', 'last']). */
  rel: string[];
  /** Every parameter by lower-cased name; only the first occurrence of a name counts (RFC 8288 §3). */
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+\-.^_`|~0-9A-Za-z]+/y;
const BARE_VALUE = /[^\s;,]*/y;

export function parseLinkHeader(header: string | null | undefined): LinkValue[] {
  const links: LinkValue[] = [];
  if (!header) return links;
  const s = header;
  let i = 0;
  const skipSpace = () => {
    while (i < s.length && (s[i] === ' ' || s[i] === '\t')) i += 1;
  };
  const match = (re: RegExp): string => {
    re.lastIndex = i;
    const m = re.exec(s);
    const text = m ? m[0] : '';
    i += text.length;
    return text;
  };
  /** Skips what cannot be read up to the comma that starts the next link (commas in quotes do not count). */
  const skipToComma = () => {
    let quoted = false;
    for (; i < s.length; i += 1) {
      const c = s[i];
      if (quoted) {
        if (c === '\\') i += 1;
        else if (c === '"') quoted = false;
      } else if (c === '"') quoted = true;
      else if (c === ',') return;
    }
  };

  while (i < s.length) {
    skipSpace();
    if (s[i] === ',') {
      i += 1;
      continue;
    }
    if (i >= s.length) break;
    if (s[i] !== '<') {
      skipToComma();
      continue;
    }
    const close = s.indexOf('>', i + 1);
    if (close < 0) break;
    const href = s.slice(i + 1, close).trim();
    i = close + 1;
    const params = new Map<string, string>();
    for (;;) {
      skipSpace();
      if (s[i] !== ';') break;
      i += 1;
      skipSpace();
      const name = match(TOKEN).toLowerCase();
      if (!name) break;
      skipSpace();
      let value = '';
      if (s[i] === '=') {
        i += 1;
        skipSpace();
        if (s[i] === '"') {
          i += 1;
          while (i < s.length && s[i] !== '"') {
            if (s[i] === '\\' && i + 1 < s.length) i += 1;
            value += s[i];
            i += 1;
          }
          i += 1; // the closing quote
        } else {
          value = match(BARE_VALUE);
        }
      }
      if (!params.has(name)) params.set(name, value);
    }
    skipToComma();
    const rel = (params.get('rel') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((r) => r.toLowerCase());
    links.push({ href, rel, params: Object.fromEntries(params) });
  }
  return links;
}

/** The target of the first link with relation `rel`, resolved against `base`; throws a TypeError when
 *  it does not make a URL. */
export function linkTarget(links: LinkValue[], rel: string, base: string | URL): string | undefined {
  const wanted = rel.toLowerCase();
  const link = links.find((l) => l.rel.includes(wanted));
  return link ? new URL(link.href, base).href : undefined;
}
