// /api/v1/scripts on the real app and Redis (keys `script:<uuid>` as the original).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/helpers.js';
import { domainKit, fields, P, type Kit } from '../../../test/domain-kit.js';
import { created, message, script } from './schemas.js';

let app: TestApp;
let k: Kit;
beforeAll(async () => {
  app = await createTestApp();
  k = await domainKit(app);
});
afterAll(async () => {
  await app?.close();
});

const CODE = 'module.exports.main = () => {\\n    return \\"ok\\";\\n}';

describe('scripts', () => {
  it('create, get raw (public, text/plain), update, list, delete', async () => {
    const r = await k.call('DEVELOPER', 'POST', '/scripts', { code: CODE, metadata: { lang: 'js' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ message: 'Script created successfully', id: expect.any(String) });
    expect(created.parse(r.body)).toEqual(r.body);
    const stored = JSON.parse((await app.deps.redis.get(`script:${r.body.id}`))!);
    expect(stored).toMatchObject({ code: CODE, metadata: { lang: 'js' }, createdAt: expect.any(String) });

    const raw = await k.call('anonymous', 'GET', `/scripts/${r.body.id}`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(raw.text).toBe('module.exports.main = () => {\n    return "ok";\n}');

    const up = await k.call('DEVELOPER', 'PUT', `/scripts/${r.body.id}`, { metadata: { v: 2 } });
    expect(up.body).toEqual({ message: 'Script updated successfully' });
    expect(message.parse(up.body)).toEqual(up.body);
    const list = await k.call('USER', 'GET', '/scripts');
    expect(script.array().parse(list.body)).toEqual(list.body);
    const mine = list.body.find((s: { id: string }) => s.id === r.body.id);
    expect(mine).toMatchObject({ code: CODE, metadata: { v: 2 }, updatedAt: expect.any(String) });

    expect((await k.call('DEVELOPER', 'DELETE', `/scripts/${r.body.id}`)).body).toEqual({
      message: 'Script deleted successfully',
    });
    expect((await k.call('anonymous', 'GET', `/scripts/${r.body.id}`)).status).toBe(404);
    expect((await k.call('DEVELOPER', 'PUT', `/scripts/${r.body.id}`, { code: CODE })).status).toBe(404);
  });

  it('parse: text/plain in, JSON string with tabs out', async () => {
    const res = await app.fetch(`${P}/scripts/parse`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-access-token': await token() },
      body: 'module.exports.main = () => {\n    return 1;\n}',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toBe('module.exports.main = () => {\n\treturn 1;\n}');
  });

  it('bad input, roles, anonymous', async () => {
    const no = await k.call('DEVELOPER', 'POST', '/scripts', { metadata: [] });
    expect(no.status).toBe(400);
    expect(fields(no.body)).toEqual(expect.arrayContaining(['code', 'metadata']));
    const noMain = await k.call('DEVELOPER', 'POST', '/scripts', { code: 'console.log(1)' });
    expect(noMain.body.errors[0].message).toBe('The code must include a module.exports.main function.');
    expect(fields((await k.call('anonymous', 'GET', '/scripts/42')).body)).toEqual(['id']);
    expect((await k.call('USER', 'POST', '/scripts', { code: CODE })).status).toBe(403);
    expect((await k.call('DEVELOPER', 'DELETE', '/scripts')).status).toBe(403);
    expect((await k.call('anonymous', 'GET', '/scripts')).status).toBe(401);
    expect((await k.call('anonymous', 'POST', '/scripts', { code: CODE })).status).toBe(401);
  });
});

async function token(): Promise<string> {
  const t = await app.deps.tokens.issue({
    id: String(k.ids.USER),
    username: 'user',
    role: 'USER',
  });
  return t.accessToken;
}
