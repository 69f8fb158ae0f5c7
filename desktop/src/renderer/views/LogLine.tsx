// One log line: service tag (merged views), optional time, ANSI colours and search highlights.
import { memo, type CSSProperties } from 'react';
import { paletteColor, parseAnsi, type AnsiSegment } from '../lib/ansi.js';
import { findMatches, splitByRanges } from '../lib/search.js';
import type { LogEntry } from '../stores/logs.js';

function segmentProps(segment: AnsiSegment): { className?: string; style?: CSSProperties } {
  const { fg, bg, bold, dim, italic, underline } = segment.style;
  const classes: string[] = [];
  const style: CSSProperties = {};
  if (typeof fg === 'number' && fg < 16) classes.push(`ansi-fg-${fg}`);
  else if (fg !== undefined) style.color = typeof fg === 'number' ? paletteColor(fg) : fg;
  if (typeof bg === 'number' && bg < 16) classes.push(`ansi-bg-${bg}`);
  else if (bg !== undefined) style.backgroundColor = typeof bg === 'number' ? paletteColor(bg) : bg;
  if (bold) classes.push('ansi-bold');
  if (dim) classes.push('ansi-dim');
  if (italic) classes.push('ansi-italic');
  if (underline) classes.push('ansi-underline');
  return {
    ...(classes.length ? { className: classes.join(' ') } : {}),
    ...(Object.keys(style).length ? { style } : {}),
  };
}

const SERVICE_HUES = 12;

export function serviceHue(service: string): number {
  let h = 0;
  for (let i = 0; i < service.length; i++) h = (h * 31 + service.charCodeAt(i)) >>> 0;
  return h % SERVICE_HUES;
}

export function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

export const LogLine = memo(function LogLine({
  entry,
  query,
  showService,
  showTime,
  current,
}: {
  entry: LogEntry;
  query: string;
  showService: boolean;
  showTime: boolean;
  current: boolean;
}) {
  const segments = parseAnsi(entry.text);
  const ranges = query ? findMatches(entry.plain, query) : [];
  const pieces = splitByRanges(segments, ranges);
  return (
    <div
      className={`log-line level-${entry.level}${current ? ' current-match' : ''}`}
      data-level={entry.level}
    >
      {showService && <span className={`log-service hue-${serviceHue(entry.service)}`}>{entry.service}</span>}
      {showTime && <span className="log-time">{entry.time !== undefined ? formatTime(entry.time) : ''}</span>}
      <span className="log-text">
        {pieces.map((p, i) => {
          const props = segmentProps(p.piece);
          return p.match >= 0 ? (
            <mark key={i} {...props}>
              {p.text}
            </mark>
          ) : (
            <span key={i} {...props}>
              {p.text}
            </span>
          );
        })}
      </span>
    </div>
  );
});
