// Deprecated: the auth services now live in the composition root (services.ts: `tokens`, `limiter`,
// `secretBox`, `now`). This shim remains only for code not yet converted (other features' legacy
// routers and tests); it builds nothing and keeps no cache. Remove it when nothing imports it.
import type { AppServices } from '../../services.js';
import type { SignInRateLimiter } from './rate-limit.js';
import type { SecretBox } from './secret-box.js';
import type { TokenService } from './tokens.js';

export interface AuthServices {
  tokens: TokenService;
  limiter: SignInRateLimiter;
  secrets: SecretBox;
  clock: () => number;
}

/** @deprecated Take `tokens`, `limiter`, `secretBox` and `now` from the services (services.ts). */
export function authServices(deps: AppServices): AuthServices {
  return { tokens: deps.tokens, limiter: deps.limiter, secrets: deps.secretBox, clock: deps.now };
}
