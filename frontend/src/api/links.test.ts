import { describe, expect, it } from 'vitest';
import { linkTarget, parseLinkHeader } from './links';

describe('parseLinkHeader', () => {
  it("reads the backend's header: query-only references resolved against the request URL", () => {
    const links = parseLinkHeader('<?limit=100&offset=200>; rel="next", <?limit=100&offset=0>; rel="prev"');
    expect(links).toEqual([
      { href: '?limit=100&offset=200', rel: ['next'], params: { rel: 'next' } },
      { href: '?limit=100&offset=0', rel: ['prev'], params: { rel: 'prev' } },
    ]);
    const base = 'http://app.test/backend/controls?limit=100&offset=100';
    expect(linkTarget(links, 'next', base)).toBe('http://app.test/backend/controls?limit=100&offset=200');
    expect(linkTarget(links, 'prev', base)).toBe('http://app.test/backend/controls?limit=100&offset=0');
    expect(linkTarget(links, 'last', base)).toBeUndefined();
  });

  it('takes several relation types in one rel, in any case, quoted or not', () => {
    const links = parseLinkHeader('</p/3>; REL="Prev  NEXT", </p/9>;rel=last');
    expect(links.map((l) => l.rel)).toEqual([['prev', 'next'], ['last']]);
    expect(linkTarget(links, 'next', 'http://x/p/2')).toBe('http://x/p/3');
    expect(linkTarget(links, 'LAST', 'http://x/p/2')).toBe('http://x/p/9');
  });

  it('keeps commas and semicolons inside <…> and quoted strings, and unescapes quoted pairs', () => {
    const links = parseLinkHeader(
      '<?ids=1,2;3>; title="a, b; c \\"d\\""; rel="next", <https://example.org/x>; rel=prev; type=text/html',
    );
    expect(links).toHaveLength(2);
    expect(links[0]).toMatchObject({ href: '?ids=1,2;3', rel: ['next'], params: { title: 'a, b; c "d"' } });
    expect(links[1]).toMatchObject({
      href: 'https://example.org/x',
      rel: ['prev'],
      params: { type: 'text/html' },
    });
  });

  it('counts only the first rel of a link (RFC 8288 §3.3)', () => {
    expect(parseLinkHeader('<a>; rel="prev"; rel="next"')[0]!.rel).toEqual(['prev']);
  });

  it('reads what several Link headers become once joined by Headers', () => {
    const h = new Headers();
    h.append('Link', '<?offset=2>; rel="next"');
    h.append('Link', '<?offset=0>; rel="prev"');
    expect(parseLinkHeader(h.get('Link')).map((l) => [l.href, l.rel[0]])).toEqual([
      ['?offset=2', 'next'],
      ['?offset=0', 'prev'],
    ]);
  });

  it('skips what it cannot read and goes on with the next link', () => {
    expect(parseLinkHeader(null)).toEqual([]);
    expect(parseLinkHeader('')).toEqual([]);
    expect(parseLinkHeader(' , ,')).toEqual([]);
    const links = parseLinkHeader('junk; rel="next", "quoted, comma", <b>; rel=next; =bad, <c> ; rel="prev"');
    expect(links.map((l) => [l.href, l.rel])).toEqual([
      ['b', ['next']],
      ['c', ['prev']],
    ]);
    expect(parseLinkHeader('<a>; rel')[0]).toEqual({ href: 'a', rel: [], params: { rel: '' } });
    expect(parseLinkHeader('<unclosed; rel=next')).toEqual([]);
  });

  it('does not let a parameter named __proto__ touch the params object', () => {
    const [link] = parseLinkHeader('<a>; __proto__="x"; rel=next');
    expect(Object.getPrototypeOf(link!.params)).toBe(Object.prototype);
    expect(link!.params.__proto__).toBe('x');
    expect(link!.rel).toEqual(['next']);
  });

  it('throws on a target that does not make a URL', () => {
    expect(() => linkTarget(parseLinkHeader('<http://[bad>; rel=next'), 'next', 'http://x/')).toThrow(
      TypeError,
    );
  });
});
