import { describe, expect, it } from 'vitest';
import { findMatches, splitByRanges } from './search.js';

describe('findMatches', () => {
  it('finds every case-insensitive occurrence', () => {
    expect(findMatches('Error: error again', 'error')).toEqual([
      { start: 0, end: 5 },
      { start: 7, end: 12 },
    ]);
    expect(findMatches('abc', '')).toEqual([]);
  });
});

describe('splitByRanges', () => {
  it('cuts styled pieces at match edges, across piece boundaries', () => {
    const pieces = [
      { text: 'hello ', style: 'a' },
      { text: 'world', style: 'b' },
    ];
    const parts = splitByRanges(pieces, findMatches('hello world', 'lo wo'));
    expect(parts.map((p) => [p.text, p.piece.style, p.match])).toEqual([
      ['hel', 'a', -1],
      ['lo ', 'a', 0],
      ['wo', 'b', 0],
      ['rld', 'b', -1],
    ]);
  });
});
