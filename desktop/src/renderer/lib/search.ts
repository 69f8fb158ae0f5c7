// Case-insensitive substring search over plain (ANSI-free) text, for log highlighting.

export interface Range {
  start: number;
  end: number;
}

export function findMatches(text: string, query: string): Range[] {
  if (!query) return [];
  const hay = text.toLowerCase();
  const needle = query.toLowerCase();
  const out: Range[] = [];
  let from = 0;
  for (;;) {
    const i = hay.indexOf(needle, from);
    if (i < 0) return out;
    out.push({ start: i, end: i + needle.length });
    from = i + needle.length;
  }
}

/** Cuts consecutive pieces of text (whose lengths add up to the plain text) at match edges. */
export function splitByRanges<T extends { text: string }>(
  pieces: readonly T[],
  ranges: readonly Range[],
): { piece: T; text: string; match: number }[] {
  const out: { piece: T; text: string; match: number }[] = [];
  let offset = 0;
  let r = 0;
  for (const piece of pieces) {
    let pos = 0;
    while (pos < piece.text.length) {
      const abs = offset + pos;
      while (r < ranges.length && (ranges[r] as Range).end <= abs) r++;
      const range = ranges[r];
      let end: number;
      let match = -1;
      if (range && range.start <= abs) {
        end = Math.min(piece.text.length, range.end - offset);
        match = r;
      } else {
        end = range ? Math.min(piece.text.length, range.start - offset) : piece.text.length;
      }
      out.push({ piece, text: piece.text.slice(pos, end), match });
      pos = end;
    }
    offset += piece.text.length;
  }
  return out;
}
