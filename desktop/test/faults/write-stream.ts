// A client of the STATUS API that writes catalogs one after another (a few writers at once) and
// keeps the answer to every write: which got a 2xx (and must never be lost), which failed and how.
// The stream runs until told to stop; callers wait for moments in it (so many acknowledged, the
// first failure, so many successes in a row) instead of sleeping.

export interface WriteOutcome {
  name: string;
  /** HTTP status, or 0 when no answer came (connection refused or reset, timeout). */
  status: number;
  error?: string;
}

/** Signs in as a STATUS user and returns the access token (the accessToken cookie). */
export async function signIn(base: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${base}/api/v1/users/signIn`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status} ${await response.text()}`);
  const token = /(?:^|,\s*)accessToken=([^;]+)/.exec(response.headers.get('set-cookie') ?? '')?.[1];
  if (!token) throw new Error('sign-in answered without an accessToken cookie');
  return token;
}

/** The names of every catalog the API lists now. */
export async function catalogNames(base: string, token: string): Promise<Set<string>> {
  const response = await fetch(`${base}/api/v1/catalogs`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /catalogs: ${response.status} ${await response.text()}`);
  return new Set(((await response.json()) as Array<{ name: string }>).map((c) => c.name));
}

export class WriteStream {
  readonly outcomes: WriteOutcome[] = [];
  private stopped = false;
  private next = 0;
  private readonly waiters: Array<() => void> = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly base: string,
    private readonly token: string,
    private readonly prefix: string,
  ) {}

  get acknowledged(): WriteOutcome[] {
    return this.outcomes.filter((o) => o.status >= 200 && o.status < 300);
  }

  get failed(): WriteOutcome[] {
    return this.outcomes.filter((o) => o.status < 200 || o.status >= 300);
  }

  start(writers = 2): void {
    this.running = Promise.all(Array.from({ length: writers }, () => this.writer())).then(() => undefined);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /** Resolves once `done` holds for the outcomes so far; fails after `ms`, saying what it waited for. */
  until(what: string, done: (outcomes: WriteOutcome[]) => boolean, ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(check), 1);
        reject(new Error(`write stream: ${what} not within ${ms / 1000} s (${this.summary()})`));
      }, ms);
      const check = (): void => {
        if (!done(this.outcomes)) return;
        clearTimeout(timer);
        this.waiters.splice(this.waiters.indexOf(check), 1);
        resolve();
      };
      this.waiters.push(check);
      check();
    });
  }

  /** "58 writes, 31 acknowledged, 27 failed (503: 20, no answer: 7)". */
  summary(): string {
    const kinds = new Map<string, number>();
    for (const { status } of this.failed) {
      const kind = status === 0 ? 'no answer' : String(status);
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    const how = [...kinds].map(([kind, n]) => `${kind}: ${n}`).join(', ');
    return `${this.outcomes.length} writes, ${this.acknowledged.length} acknowledged, ${this.failed.length} failed${how ? ` (${how})` : ''}`;
  }

  private async writer(): Promise<void> {
    while (!this.stopped) {
      const name = `${this.prefix}-${this.next++}`;
      const outcome = await this.write(name);
      this.record(outcome);
      // A client's pace (and its pause before trying again after a failure), not a wait for state.
      await new Promise((resolve) =>
        setTimeout(resolve, outcome.status >= 200 && outcome.status < 300 ? 20 : 200),
      );
    }
  }

  private async write(name: string): Promise<WriteOutcome> {
    try {
      const response = await fetch(`${this.base}/api/v1/catalogs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({ name, startDate: '2026-01-01', endDate: '2026-12-31' }),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await response.text();
      return response.ok ? { name, status: response.status } : { name, status: response.status, error: text };
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      // No answer: the write may or may not have happened; it was not acknowledged either way.
      return { name, status: 0, error: cause ?? (error as Error).message };
    }
  }

  private record(outcome: WriteOutcome): void {
    this.outcomes.push(outcome);
    for (const check of [...this.waiters]) check();
  }
}

/** Whether the last `n` outcomes all got a 2xx: the API writes again. */
export function lastSucceeded(outcomes: WriteOutcome[], n: number): boolean {
  const last = outcomes.slice(-n);
  return last.length === n && last.every((o) => o.status >= 200 && o.status < 300);
}
