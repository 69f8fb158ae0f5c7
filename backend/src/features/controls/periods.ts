// A control's period: how often it runs, and the window one run covers (calendar months and years,
// in UTC). Pure, so the bench's floor can compute the same windows.

export const PERIODS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'ANNUALLY'] as const;
export type Period = (typeof PERIODS)[number];

/** `d` moved by `n` periods (n < 0: back). */
function shift(d: Date, period: Period, n: number): Date {
  const out = new Date(d.getTime());
  if (period === 'HOURLY') out.setUTCHours(out.getUTCHours() + n);
  else if (period === 'DAILY') out.setUTCDate(out.getUTCDate() + n);
  else if (period === 'WEEKLY') out.setUTCDate(out.getUTCDate() + 7 * n);
  else if (period === 'MONTHLY') out.setUTCMonth(out.getUTCMonth() + n);
  else out.setUTCFullYear(out.getUTCFullYear() + n);
  return out;
}

/** The start of the period that ends at `to`. */
export const periodStart = (to: Date, period: Period): Date => shift(to, period, -1);

/** The instant one period after `from`. */
export const periodEnd = (from: Date, period: Period): Date => shift(from, period, 1);
