// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('status-frontend container contract', () => {
  it('index.html loads the runtime config before the bundle', () => {
    const html = readFileSync(`${import.meta.dirname}/index.html`, 'utf8');
    expect(html).toContain('<title>STATUS</title>');
    const config = html.indexOf('<script src="/config.js"></script>');
    const bundle = html.indexOf('<script type="module"');
    expect(config).toBeGreaterThan(0);
    expect(bundle).toBeGreaterThan(config);
  });
  it('writes config.js with values escaped as JSON strings', () => {
    const script = readFileSync(`${import.meta.dirname}/entrypoint.sh`, 'utf8');
    const fn = script.match(/json_string\(\) \{ (.*) \}/)?.[1];
    expect(fn).toBeTruthy();
    const out = execFileSync('sh', [
      '-c',
      `json_string() { ${fn} }; json_string 'a"b\\c</script>'`,
    ]).toString();
    expect(JSON.parse(out)).toBe('a"b\\c</script>');
    const multi = execFileSync('sh', [
      '-c',
      `json_string() { ${fn} }; json_string "$(printf 'a\\nb')"`,
    ]).toString();
    expect(JSON.parse(multi)).toBe('a\nb');
  });
  it('puts only the origin of an absolute base in the CSP, nothing for a path', () => {
    const script = readFileSync(`${import.meta.dirname}/entrypoint.sh`, 'utf8');
    const fn = script.match(/origin_of\(\) \{ (.*) \}/)?.[1];
    expect(fn).toBeTruthy();
    const origin = (v) =>
      execFileSync('sh', ['-c', `origin_of() { ${fn} }; origin_of "$1"`, 'sh', v]).toString();
    expect(origin('https://status.example.com:8443/api/v1')).toBe('https://status.example.com:8443');
    expect(origin('/backend')).toBe('');
    expect(origin('https://evil.example.com"; add_header X 1')).toBe('');
  });
});
