// /api/v1/auth/verify: the reverse proxy's check of a STATUS session (nginx auth_request for every
// Grafana request, and Node-RED's sign-in); see verify.ts. Public: the session it checks is the
// credential. Never gated by a feature flag, and cheap: the mount's `authenticate` checks the access
// token (one Redis GET) and the handler reuses that; the database is read only to renew an expired
// access token from the refresh cookie.
import { z } from 'zod';
import { route, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { UsersRepository } from '../users/repository.js';
import { ROLES } from './tokens.js';
import { verifyHandler } from './verify.js';

const verifiedUser = z.object({ username: z.string(), email: z.string(), role: z.enum(ROLES) });

export function authRoutes(s: Pick<AppServices, 'db' | 'tokens'>): Route[] {
  const users = new UsersRepository(s.db);
  const verify = verifyHandler(s.tokens, async (id) => {
    const row = await users.byId(id);
    return row && { id: String(row.id), username: row.username, role: row.role, email: row.email };
  });
  return [
    route({
      method: 'GET',
      path: '/auth/verify',
      access: 'public',
      gate: false,
      summary:
        "Whom the caller's session (accessToken cookie, x-access-token or Authorization: Bearer) belongs to: { username, email, role } and headers X-Status-User, X-Status-Email, X-Status-Role, X-Grafana-Role (Admin, Editor, Viewer); 401 { message } when absent, expired, forged or signed out. No database: the reverse proxy asks it for every Grafana request",
      response: verifiedUser,
      handler: verify,
    }),
  ];
}
