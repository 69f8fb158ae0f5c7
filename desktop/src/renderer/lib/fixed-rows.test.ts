import { describe, expect, it } from 'vitest';
import {
  centredScrollTop,
  clampScrollTop,
  endScrollTop,
  isAtEnd,
  totalHeight,
  visibleRange,
  type FixedRows,
} from './fixed-rows.js';

const rows = (rowCount: number, viewportHeight = 100): FixedRows => ({
  rowCount,
  rowHeight: 20,
  viewportHeight,
});

describe('fixed-height rows', () => {
  it('sizes the content from the row count', () => {
    expect(totalHeight(rows(100_000))).toBe(2_000_000);
    expect(totalHeight(rows(0))).toBe(0);
  });

  it('puts the end where the last row meets the bottom of the viewport', () => {
    expect(endScrollTop(rows(100))).toBe(1900);
    // content shorter than the viewport does not scroll
    expect(endScrollTop(rows(3))).toBe(0);
  });

  it('renders the rows in view plus the overscan, within the list', () => {
    // 100 px viewport at 400 px: rows 20..24 are in view
    expect(visibleRange(rows(100), 400, 0)).toEqual({ start: 20, end: 25 });
    expect(visibleRange(rows(100), 400, 3)).toEqual({ start: 17, end: 28 });
    // a row half in view counts
    expect(visibleRange(rows(100), 410, 0)).toEqual({ start: 20, end: 26 });
    expect(visibleRange(rows(100), 0, 5)).toEqual({ start: 0, end: 10 });
    expect(visibleRange(rows(100), endScrollTop(rows(100)), 5)).toEqual({ start: 90, end: 100 });
  });

  it('copes with scroll positions past the content and with empty lists', () => {
    // the list shrank under an old scroll position: show its end, not nothing
    expect(visibleRange(rows(10), 5000, 0)).toEqual({ start: 5, end: 10 });
    expect(visibleRange(rows(10), -50, 0)).toEqual({ start: 0, end: 5 });
    expect(visibleRange(rows(0), 0, 10)).toEqual({ start: 0, end: 0 });
    expect(visibleRange(rows(3), 0, 10)).toEqual({ start: 0, end: 3 });
    // before the viewport is known, at least one row
    expect(visibleRange(rows(10, 0), 0, 0)).toEqual({ start: 0, end: 1 });
  });

  it('centres a row where it can, and stops at the ends', () => {
    expect(centredScrollTop(rows(100), 50)).toBe(960);
    expect(centredScrollTop(rows(100), 0)).toBe(0);
    expect(centredScrollTop(rows(100), 99)).toBe(1900);
    expect(clampScrollTop(rows(100), 1e9)).toBe(1900);
  });

  it('tells whether a position is at the end, with some slack', () => {
    expect(isAtEnd(rows(100), 1900, 40)).toBe(true);
    expect(isAtEnd(rows(100), 1870, 40)).toBe(true);
    expect(isAtEnd(rows(100), 1800, 40)).toBe(false);
    expect(isAtEnd(rows(2), 0, 40)).toBe(true);
  });
});
