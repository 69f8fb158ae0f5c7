// /api/v1/scripts: user scripts in Redis (spec §3.2). `GET /scripts/:id` stays public and returns the
// raw code (Node-RED fetches it), but as text/plain rather than the original's text/html.
import express, { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { notFound } from '../../http/errors.js';
import { validateBody, validateParams } from '../../http/validate.js';
import { ScriptsRepository } from './repository.js';
import { createBody, idParams, parseBody, updateBody } from './schemas.js';

const NOT_FOUND = 'Script not found';

export function scriptsRouter(deps: AppDeps): Router {
  const router = Router();
  const scripts = new ScriptsRepository(deps.redis);

  router.post('/', async (req, res) => {
    const b = validateBody(createBody, req);
    const id = await scripts.create(b.code, b.metadata);
    res.status(201).json({ message: 'Script created successfully', id });
  });

  router.get('/', async (_req, res) => {
    res.json(await scripts.list());
  });

  router.delete('/', async (_req, res) => {
    await scripts.deleteAll();
    res.json({ message: 'All scripts deleted successfully' });
  });

  // text/plain in; a JSON string literal out, four spaces → tab (as the original).
  router.post('/parse', express.text({ type: 'text/plain', limit: '1mb' }), (req, res) => {
    const code = validateBody(parseBody, req);
    res.json(code.replace(/ {4}/g, '\t'));
  });

  router.get('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const s = await scripts.get(id);
    if (!s) throw notFound(NOT_FOUND);
    const code = s.code.replace(/\\"/g, '"').replace(/\\n/g, '\n');
    res.type('text/plain').setHeader('X-Content-Type-Options', 'nosniff');
    res.send(code);
  });

  router.put('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (!(await scripts.update(id, validateBody(updateBody, req)))) throw notFound(NOT_FOUND);
    res.json({ message: 'Script updated successfully' });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (!(await scripts.delete(id))) throw notFound(NOT_FOUND);
    res.json({ message: 'Script deleted successfully' });
  });

  return router;
}
