import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('placeholder status-frontend build', () => {
  it('produces an index.html that loads the runtime config', () => {
    execFileSync(process.execPath, ['build.mjs'], { cwd: import.meta.dirname });
    const html = readFileSync(`${import.meta.dirname}/dist/index.html`, 'utf8');
    expect(html).toContain('<script src="/config.js"></script>');
  });
  it('writes config.js with values escaped as JSON strings', () => {
    const script = readFileSync(`${import.meta.dirname}/entrypoint.sh`, 'utf8');
    const fn = script.match(/json_string\(\) \{ (.*) \}/)?.[1];
    expect(fn).toBeTruthy();
    const out = execFileSync('sh', ['-c', `json_string() { ${fn} }; json_string 'a"b\\c'`]).toString();
    expect(JSON.parse(out)).toBe('a"b\\c');
  });
});
