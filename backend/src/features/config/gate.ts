// The feature-flag gate of the routers not yet declared as tables (declared routes are gated by
// http/mount.ts from their `gate`): a feature whose flag row is `available: false` answers
// `404 {"message":"Endpoint not available"}`. Matching is by the first path segment (`<prefix>/points`
// disables `/points/...`); the flags, what can never be switched off and the cache are the
// services' FlagCache (flags.ts), so a flag update (s.flags.invalidate()) applies here at once.
// Removed with the legacy mount.
import type { RequestHandler } from 'express';
import type { AppServices } from '../../services.js';

/** Mount on the API prefix, after authentication and before the legacy routers. */
export function featureGate(deps: Pick<AppServices, 'flags'>): RequestHandler {
  return async (req, res, next) => {
    const first = req.path.split('/').find((s) => s.length > 0);
    if (!first || !(await deps.flags.isDisabled(`/${first}`))) return next();
    res.status(404).json({ message: 'Endpoint not available' });
  };
}
