// The auth services of one app instance, shared by every feature that needs them (memoized per
// deps object), and the router that mounts authentication + the policy table on the API prefix.
import { Router } from 'express';
import type { AppDeps } from '../../app.js';
import { UsersRepository } from '../users/repository.js';
import { usersRouter } from '../users/router.js';
import { githubRouter } from './github.js';
import { authenticate, enforcePolicy } from './middleware.js';
import { SignInRateLimiter } from './rate-limit.js';
import { SecretBox } from './secret-box.js';
import { TokenService } from './tokens.js';
import { verifyHandler } from './verify.js';

export interface AuthServices {
  tokens: TokenService;
  limiter: SignInRateLimiter;
  secrets: SecretBox;
  clock: () => number;
}

const cache = new WeakMap<AppDeps, AuthServices>();

export function authServices(deps: AppDeps): AuthServices {
  let s = cache.get(deps);
  if (!s) {
    // Read deps.clock on every call, so a test can move time after the app was built.
    const clock = () => (deps.clock ?? Date.now)();
    s = {
      tokens: new TokenService({
        redis: deps.redis,
        jwtSecret: deps.config.JWT_SECRET,
        refreshJwtSecret: deps.config.REFRESH_JWT_SECRET,
        clock,
      }),
      limiter: new SignInRateLimiter({ redis: deps.redis, clock }),
      secrets: new SecretBox(deps.config.SECRETS_ENCRYPTION_KEY),
      clock,
    };
    cache.set(deps, s);
  }
  return s;
}

/**
 * Mount FIRST on the API prefix: authenticates every request (req.auth), enforces the policy table
 * for every route under the prefix, and serves /users (with GitHub sign-in).
 */
export function authRouter(deps: AppDeps): Router {
  const { tokens } = authServices(deps);
  const router = Router();
  // Before `authenticate`: it checks the session itself (one Redis GET, not two) and is asked by the
  // reverse proxy for every Grafana request. Public in the policy table. The user is read from the
  // database only to renew an expired access token from the refresh cookie.
  const users = new UsersRepository(deps.db);
  router.get(
    '/auth/verify',
    verifyHandler(tokens, async (id) => {
      const row = await users.byId(id);
      return row && { id: String(row.id), username: row.username, role: row.role, email: row.email };
    }),
  );
  router.use(authenticate(tokens), enforcePolicy());
  router.use('/users', githubRouter(deps));
  router.use('/users', usersRouter(deps));
  return router;
}
