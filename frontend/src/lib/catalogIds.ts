/** A route's `:id` as a positive integer, or null (the backend's serial ids). */
export function parseId(raw: string | undefined): number | null {
  return raw && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : null;
}
