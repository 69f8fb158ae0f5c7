// What the engine said, without dockerode's "(HTTP code 500) server error - " wrapper: the part a
// person can act on ("manifest for x:1 not found: manifest unknown").
export function engineMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^\(HTTP code \d+\) [^-]*- /, '').trim();
}
