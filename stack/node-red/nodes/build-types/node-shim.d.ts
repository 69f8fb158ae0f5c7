// The Node.js 20 globals and modules the STATUS nodes use, declared by hand so the image build needs
// no @types/node (tsconfig.build.json only; the typecheck uses the real @types/node).
declare const process: { env: Record<string, string | undefined> };
declare function setTimeout(cb: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;
declare function btoa(data: string): string;

interface AbortSignal {
  readonly aborted: boolean;
}
declare const AbortSignal: { timeout(ms: number): AbortSignal };

interface Headers {
  get(name: string): string | null;
  forEach(cb: (value: string, key: string) => void): void;
}
interface Response {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  text(): Promise<string>;
}
interface RequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}
declare function fetch(url: string, init?: RequestInit): Promise<Response>;

declare module 'node:fs/promises' {
  export function readFile(path: string, encoding: 'utf8'): Promise<string>;
}

declare class URLSearchParams {
  constructor(init?: Record<string, string>);
  set(name: string, value: string): void;
  toString(): string;
}
declare const Buffer: { isBuffer(value: unknown): value is { toString(encoding: 'utf8'): string } };
