// /api/v1/scripts: user scripts in Redis (spec §3.2). `GET /scripts/:id` stays public and returns the
// raw code (Node-RED fetches it), but as text/plain rather than the original's text/html. The list
// comes from Redis (SCAN + MGET), so it is an array, not a paged list.
import express, { type Request, type Response } from 'express';
import { notFound } from '../../http/errors.js';
import { ADMIN_ONLY, route, WRITERS, type Route } from '../../http/route.js';
import { validateBody } from '../../http/validate.js';
import type { AppServices } from '../../services.js';
import { ScriptsRepository } from './repository.js';
import { createBody, created, idParams, message, parseBody, script, updateBody } from './schemas.js';
import { z } from 'zod';

const NOT_FOUND = 'Script not found';
const textBody = express.text({ type: 'text/plain', limit: '1mb' });

/** Reads a text/plain body into req.body (the app parses only JSON bodies). */
function readText(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void textBody(req, res, (err?: unknown) => (err ? reject(err as Error) : resolve()));
  });
}

export function scriptsRoutes(s: Pick<AppServices, 'redis'>): Route[] {
  const scripts = new ScriptsRepository(s.redis);

  return [
    route({
      method: 'POST',
      path: '/scripts',
      access: WRITERS,
      summary: 'Store a script (the code must include module.exports.main)',
      body: createBody,
      status: 201,
      response: created,
      handler: async ({ body: b }) => {
        const id = await scripts.create(b.code, b.metadata);
        return { message: 'Script created successfully', id };
      },
    }),
    route({
      method: 'GET',
      path: '/scripts',
      access: 'authenticated',
      summary: 'List scripts (every script, oldest first)',
      response: script.array(),
      handler: () => scripts.list(),
    }),
    route({
      method: 'DELETE',
      path: '/scripts',
      access: ADMIN_ONLY,
      summary: 'Delete all scripts (ADMIN)',
      response: message,
      handler: async () => {
        await scripts.deleteAll();
        return { message: 'All scripts deleted successfully' };
      },
    }),
    route({
      method: 'POST',
      path: '/scripts/parse',
      access: 'authenticated',
      summary:
        'Parse a script sent as text/plain: answers it as a JSON string, four spaces turned into a tab (as the original)',
      contentType: 'text/plain',
      response: z.string(),
      handler: async ({ req, res }) => {
        await readText(req, res);
        const code = validateBody(parseBody, req);
        return code.replace(/ {4}/g, '\t');
      },
    }),
    route({
      method: 'GET',
      path: '/scripts/:id',
      access: 'public',
      summary: 'The code of a script as text/plain (public: Node-RED fetches it)',
      params: idParams,
      produces: 'text/plain',
      response: z.string(),
      handler: async ({ res, params: { id } }) => {
        const script = await scripts.get(id);
        if (!script) throw notFound(NOT_FOUND);
        const code = script.code.replace(/\\"/g, '"').replace(/\\n/g, '\n');
        res.type('text/plain').setHeader('X-Content-Type-Options', 'nosniff');
        res.send(code);
      },
    }),
    route({
      method: 'PUT',
      path: '/scripts/:id',
      access: WRITERS,
      summary: 'Update a script (code and/or metadata)',
      params: idParams,
      body: updateBody,
      response: message,
      handler: async ({ params: { id }, body }) => {
        if (!(await scripts.update(id, body))) throw notFound(NOT_FOUND);
        return { message: 'Script updated successfully' };
      },
    }),
    route({
      method: 'DELETE',
      path: '/scripts/:id',
      access: WRITERS,
      summary: 'Delete a script',
      params: idParams,
      response: message,
      handler: async ({ params: { id } }) => {
        if (!(await scripts.delete(id))) throw notFound(NOT_FOUND);
        return { message: 'Script deleted successfully' };
      },
    }),
  ];
}
