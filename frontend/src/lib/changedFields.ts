// The body of a PATCH: only the fields whose edited value differs from the saved one.

/** `edited`'s entries that differ from `saved` (by ===): an edit dialog sends what the user changed. */
export function changedFields<E extends object>(saved: { [K in keyof E]?: unknown }, edited: E): Partial<E> {
  const patch: Partial<E> = {};
  for (const key of Object.keys(edited) as (keyof E)[])
    if (edited[key] !== saved[key]) patch[key] = edited[key];
  return patch;
}
