// Arithmetic of a virtual list whose rows all have the same height: which rows to render for a
// scroll position, where "the end" is, where to put a row in the middle. Everything follows from
// the row count, so adding rows costs nothing per row and nothing here reads the layout (a generic
// virtualiser measured every row on each append and read scrollHeight every frame).

export interface RowRange {
  /** First row to render. */
  start: number;
  /** One past the last row to render. */
  end: number;
}

export interface FixedRows {
  rowCount: number;
  rowHeight: number;
  viewportHeight: number;
}

/** Height of the content: what the spacer inside the scroll box is set to. */
export function totalHeight({ rowCount, rowHeight }: FixedRows): number {
  return rowCount * rowHeight;
}

/** The largest scrollTop: the last row's bottom edge at the viewport's bottom edge. */
export function endScrollTop(rows: FixedRows): number {
  return Math.max(0, totalHeight(rows) - rows.viewportHeight);
}

/** Clamps a scroll position to what the content allows. */
export function clampScrollTop(rows: FixedRows, scrollTop: number): number {
  return Math.min(Math.max(0, scrollTop), endScrollTop(rows));
}

/** Rows in view at `scrollTop`, plus `overscan` rows either side (so a scroll step has rows ready). */
export function visibleRange(rows: FixedRows, scrollTop: number, overscan: number): RowRange {
  const { rowCount, rowHeight, viewportHeight } = rows;
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const top = clampScrollTop(rows, scrollTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(rowCount, Math.max(last, first + 1) + overscan),
  };
}

/** The scrollTop that puts row `index` in the middle of the viewport (as far as the ends allow). */
export function centredScrollTop(rows: FixedRows, index: number): number {
  const rowTop = index * rows.rowHeight;
  return clampScrollTop(rows, rowTop - (rows.viewportHeight - rows.rowHeight) / 2);
}

/** Whether `scrollTop` is within `slack` px of the end. */
export function isAtEnd(rows: FixedRows, scrollTop: number, slack: number): boolean {
  return totalHeight(rows) - scrollTop - rows.viewportHeight < slack;
}
