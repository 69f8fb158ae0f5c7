// Sets as React state: a new set for every change (the old one stays as it was).

/** `set` with `item` added, or removed if it was there. */
export function toggled<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  if (!next.delete(item)) next.add(item);
  return next;
}
