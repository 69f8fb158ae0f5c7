import { describe, expect, it } from 'vitest';
import { paletteColor, parseAnsi, stripAnsi } from './ansi.js';

describe('parseAnsi', () => {
  it('keeps plain text as one unstyled run', () => {
    expect(parseAnsi('hello')).toEqual([{ text: 'hello', style: {} }]);
  });

  it('reads the 16 colours (normal and bright), bold and reset', () => {
    const runs = parseAnsi('\x1b[31mred\x1b[0m plain \x1b[1;92mbold bright green\x1b[m');
    expect(runs).toEqual([
      { text: 'red', style: { fg: 1 } },
      { text: ' plain ', style: {} },
      { text: 'bold bright green', style: { bold: true, fg: 10 } },
    ]);
  });

  it('reads 256-colour and 24-bit foregrounds and backgrounds', () => {
    const runs = parseAnsi('\x1b[38;5;208morange\x1b[48;2;0;128;255mblue bg\x1b[39;49mdefault');
    expect(runs).toEqual([
      { text: 'orange', style: { fg: 208 } },
      { text: 'blue bg', style: { fg: 208, bg: '#0080ff' } },
      { text: 'default', style: {} },
    ]);
  });

  it('turns attributes off one by one (22 bold/dim, 23 italic, 24 underline)', () => {
    const runs = parseAnsi('\x1b[1;3;4ma\x1b[22mb\x1b[23mc\x1b[24md');
    expect(runs.map((r) => r.style)).toEqual([
      { bold: true, italic: true, underline: true },
      { italic: true, underline: true },
      { underline: true },
      {},
    ]);
  });

  it('drops other escape sequences (cursor moves, erase line, window titles)', () => {
    expect(parseAnsi('\x1b[2K\x1b[1Gdone\x1b]0;title\x07!')).toEqual([
      { text: 'done', style: {} },
      { text: '!', style: {} },
    ]);
    expect(stripAnsi('\x1b[2K\x1b[33mwarn\x1b[0m')).toBe('warn');
  });

  it('ignores a malformed extended colour instead of misreading what follows', () => {
    expect(parseAnsi('\x1b[38;9;1mx')).toEqual([{ text: 'x', style: {} }]);
  });
});

describe('paletteColor', () => {
  it('maps the xterm colour cube and the grey ramp', () => {
    expect(paletteColor(16)).toBe('#000000');
    expect(paletteColor(196)).toBe('#ff0000');
    expect(paletteColor(208)).toBe('#ff8700');
    expect(paletteColor(232)).toBe('#080808');
    expect(paletteColor(255)).toBe('#eeeeee');
  });
});
