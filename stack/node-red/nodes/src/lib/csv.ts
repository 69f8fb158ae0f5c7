// A small RFC 4180 CSV parser (quoted fields, "" escapes, CRLF, separators , ; or tab): enough for
// exported evidence lists without a runtime dependency. First row = header → one object per row.

export function parseCsv(text: string, separator = ','): Record<string, string>[] {
  const rows = parseRows(text.replace(/^\uFEFF/, ''), separator);
  const header = rows.shift();
  if (!header) return [];
  const names = header.map((h, i) => h.trim() || `column${i + 1}`);
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) => Object.fromEntries(names.map((n, i) => [n, r[i] ?? ''])));
}

export function parseRows(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === separator) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new Error('The CSV ends inside a quoted field (a " is not closed)');
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}
