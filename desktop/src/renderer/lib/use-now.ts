import { useEffect, useState } from 'react';

/** The wall clock, refreshed every `intervalMs` while `active` (for ticking uptimes and elapsed times). */
export function useNow(intervalMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, active]);
  return now;
}
