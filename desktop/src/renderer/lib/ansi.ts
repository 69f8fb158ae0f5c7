// A small SGR (Select Graphic Rendition) parser for container logs: 16 and 256 colours, 24-bit
// colours, bold/dim/italic/underline. Other escape sequences (cursor moves, OSC titles) are dropped.

/** A colour: 0–15 (themeable classes), 16–255 (xterm palette) or a '#rrggbb' from 24-bit SGR. */
export type AnsiColor = number | string;

export interface AnsiStyle {
  fg?: AnsiColor;
  bg?: AnsiColor;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
}

export interface AnsiSegment {
  text: string;
  style: AnsiStyle;
}

// CSI … final byte, or OSC … BEL/ST, or a lone two-byte escape.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\x1b\[([0-9;:?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function hasAnsi(text: string): boolean {
  return text.includes('\x1b');
}

export function stripAnsi(text: string): string {
  return hasAnsi(text) ? text.replace(ESCAPES, '') : text;
}

/** Splits a line into runs of one style each (empty runs are left out). */
export function parseAnsi(text: string): AnsiSegment[] {
  if (!hasAnsi(text)) return text ? [{ text, style: {} }] : [];
  const out: AnsiSegment[] = [];
  let style: AnsiStyle = {};
  let last = 0;
  for (const match of text.matchAll(ESCAPES)) {
    const index = match.index ?? 0;
    if (index > last) out.push({ text: text.slice(last, index), style });
    last = index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  if (last < text.length) out.push({ text: text.slice(last), style });
  return out;
}

function applySgr(current: AnsiStyle, params: string): AnsiStyle {
  const codes = params === '' ? [0] : params.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  const next: AnsiStyle = { ...current };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i] ?? 0;
    if (code === 0) {
      for (const key of Object.keys(next) as (keyof AnsiStyle)[]) delete next[key];
    } else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) {
      delete next.bold;
      delete next.dim;
    } else if (code === 23) delete next.italic;
    else if (code === 24) delete next.underline;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code === 39) delete next.fg;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 49) delete next.bg;
    else if (code === 38 || code === 48) {
      const key = code === 38 ? 'fg' : 'bg';
      const mode = codes[i + 1];
      if (mode === 5 && codes[i + 2] !== undefined) {
        const n = codes[i + 2] ?? 0;
        if (n >= 0 && n <= 255) next[key] = n;
        i += 2;
      } else if (mode === 2 && codes[i + 4] !== undefined) {
        next[key] = rgbHex(codes[i + 2] ?? 0, codes[i + 3] ?? 0, codes[i + 4] ?? 0);
        i += 4;
      } else {
        i = codes.length; // malformed: ignore the rest of this sequence
      }
    }
  }
  return next;
}

function rgbHex(r: number, g: number, b: number): string {
  const hex = (n: number) => Math.max(0, Math.min(255, n)).toString(16).padStart(2, '0');
  return `#${hex(r)}${hex(g)}${hex(b)}`;
}

const CUBE = [0, 95, 135, 175, 215, 255];

/** The xterm colour of a palette index from 16 to 255 (0–15 come from the theme). */
export function paletteColor(index: number): string {
  if (index >= 232) {
    const level = 8 + (index - 232) * 10;
    return rgbHex(level, level, level);
  }
  const n = index - 16;
  return rgbHex(CUBE[Math.floor(n / 36) % 6] ?? 0, CUBE[Math.floor(n / 6) % 6] ?? 0, CUBE[n % 6] ?? 0);
}
