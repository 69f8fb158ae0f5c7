// Compliance over time as a small line chart drawn in SVG (no chart library: bundle budget).
// Each point is one day's share of passing results; each has a <title> so it can be read by
// hovering or by a screen reader.
import { useId } from 'react';
import type { DayCompliance } from './compliance';

const W = 600;
const H = 200;
const PAD = { top: 12, right: 16, bottom: 28, left: 40 };

export function ComplianceChart({
  series,
  title,
  pointLabel,
}: {
  series: readonly DayCompliance[];
  title: string;
  /** The text of one point, e.g. "2026-01-02: 50% of 4 results". */
  pointLabel: (d: DayCompliance) => string;
}) {
  const id = useId();
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (series.length === 1 ? innerW / 2 : (i / (series.length - 1)) * innerW);
  const y = (pct: number) => PAD.top + innerH - (pct / 100) * innerH;
  const points = series.map((d, i) => `${x(i).toFixed(1)},${y(d.pct).toFixed(1)}`).join(' ');
  const last = series[series.length - 1];
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      preserveAspectRatio="xMidYMid meet"
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{last ? pointLabel(last) : ''}</desc>
      {[0, 50, 100].map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(v)} y2={y(v)} className="chart-grid" />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" className="chart-axis">
            {v}%
          </text>
        </g>
      ))}
      {series.length > 1 && <polyline points={points} className="chart-line" fill="none" />}
      {series.map((d, i) => (
        <circle key={d.day} cx={x(i)} cy={y(d.pct)} r={4} className="chart-dot">
          <title>{pointLabel(d)}</title>
        </circle>
      ))}
      {series.length > 0 && (
        <>
          <text
            x={x(0)}
            y={H - 8}
            textAnchor={series.length === 1 ? 'middle' : 'start'}
            className="chart-axis"
          >
            {series[0]!.day}
          </text>
          {series.length > 1 && (
            <text x={x(series.length - 1)} y={H - 8} textAnchor="end" className="chart-axis">
              {last!.day}
            </text>
          )}
        </>
      )}
    </svg>
  );
}
