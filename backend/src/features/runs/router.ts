// POST /api/v1/controls/:id/run: runs a control through its Node-RED flow now and stores the
// computation. Mounted on /controls next to the controls router (only this one route).
import { Router } from 'express';
import { z } from 'zod';
import type { AppDeps } from '../../app.js';
import { validateBody, validateParams } from '../../http/validate.js';
import { extractAccessToken, requireRole } from '../auth/middleware.js';
import { nodeRedClient } from '../nodered/router.js';
import { loadControl, runControl } from './service.js';

const params = z.object({ id: z.string().regex(/^[1-9]\d{0,8}$/, 'id must be a positive integer') });
const body = z.object({ scope: z.record(z.string(), z.unknown()).optional() }).strict();

export function runsRouter(deps: AppDeps): Router {
  const router = Router();
  const clock = deps.clock ?? Date.now;
  router.post('/:id/run', requireRole('ADMIN', 'DEVELOPER'), async (req, res) => {
    const { id } = validateParams(params, req);
    const { scope } = validateBody(body, req);
    const control = await loadControl(deps.db, Number(id));
    const result = await runControl(deps.db, nodeRedClient(deps), control, {
      scope,
      now: new Date(clock()),
      accessToken: extractAccessToken(req),
    });
    res.json(result);
  });
  return router;
}
