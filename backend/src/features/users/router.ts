// /api/v1/users: sign-in/out/up, auth check, whoami, refresh, user list, role change and delete,
// TOTP 2FA.
// Access is decided by the policy table (auth/policy.ts), applied before this router.
import { Router, type Request, type Response } from 'express';
import type { AppDeps } from '../../app.js';
import { HttpError } from '../../http/errors.js';
import { validateBody, validateParams } from '../../http/validate.js';
import { clearAuthCookies, readCookie, REFRESH_COOKIE, setAuthCookies } from '../auth/cookies.js';
import { authServices } from '../auth/index.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { generateTotpSecret, otpauthUrl, qrCodeDataUrl, verifyTotp } from '../auth/totp.js';
import { TokenError, type TokenUser } from '../auth/tokens.js';
import { toPublicUser, UsersRepository, type UserRow } from './repository.js';
import { disableBody, idParams, signInSchema, signUpSchema, totpBody, updateUserBody } from './schemas.js';

const TOTP_ISSUER = 'STATUS';

function tokenUser(row: UserRow): TokenUser {
  return { id: String(row.id), username: row.username, role: row.role, email: row.email };
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

export function usersRouter(deps: AppDeps): Router {
  const router = Router();
  const users = new UsersRepository(deps.db);
  const { tokens, limiter, secrets, clock } = authServices(deps);

  const me = async (req: Request): Promise<UserRow> => {
    const row = req.auth ? await users.byId(req.auth.userId) : null;
    if (!row) throw new HttpError(404, 'User not found');
    return row;
  };

  /** Checks a TOTP code for a user and consumes its step (replay protection). */
  const checkTotp = async (row: UserRow, code: string): Promise<boolean> => {
    if (!row.totp_secret) return false;
    const last = row.totp_last_used_step === null ? null : Number(row.totp_last_used_step);
    const step = verifyTotp(secrets.decrypt(row.totp_secret), code, { now: clock(), lastUsedStep: last });
    return step !== null && (await users.claimTotpStep(row.id, step));
  };

  const tooMany = (res: Response, retryAfterSeconds: number, message: string) => {
    res.setHeader('Retry-After', String(retryAfterSeconds));
    res.status(429).json({ message, retryAfterSeconds });
  };

  router.post('/signIn', async (req, res) => {
    const body = validateBody(signInSchema, req);
    const address = clientAddress(req);
    const verdict = await limiter.check(body.username, address);
    if (!verdict.allowed) return tooMany(res, verdict.retryAfterSeconds, verdict.message);

    const row = await users.byUsername(body.username);
    const ok = await verifyPassword(body.password, row?.password_hash);
    if (!row || !ok) {
      await limiter.recordFailure(body.username, address);
      res.status(401).json({ message: 'Invalid username or password' });
      return;
    }
    if (row.totp_enabled) {
      if (!body.totpToken) {
        res.status(401).json({
          message: 'Two-factor authentication required. Please provide your TOTP.',
          requires2FA: true,
        });
        return;
      }
      if (!(await checkTotp(row, body.totpToken))) {
        await limiter.recordFailure(body.username, address);
        res.status(401).json({ message: 'Invalid 2FA token. Please try again.', requires2FA: true });
        return;
      }
    }
    await limiter.recordSuccess(body.username);
    const issued = await tokens.issue(tokenUser(row));
    setAuthCookies(req, res, issued);
    // nodeRedAccess: the nodeRedToken cookie just set opens the Node-RED editor for editing (a USER's
    // opens it read-only).
    res.json({ ...toPublicUser(row), nodeRedAccess: row.role !== 'USER' });
  });

  const signOut = async (req: Request, res: Response) => {
    const refresh = readCookie(req, REFRESH_COOKIE);
    if (refresh) await tokens.revokeRefreshToken(refresh);
    if (req.auth) await tokens.revokeFamily(req.auth.family);
    clearAuthCookies(req, res);
    res.status(204).end();
  };
  router.post('/signOut', signOut);
  router.get('/signOut', signOut);

  router.post('/signUp', async (req, res) => {
    const body = validateBody(signUpSchema, req);
    const role = body.authority ?? body.role ?? 'USER';
    if (await users.byUsername(body.username)) throw new HttpError(409, 'Username already exists');
    if (await users.emailTaken(body.email)) throw new HttpError(409, 'Email already exists');
    const row = await users.create({
      username: body.username,
      email: body.email,
      role,
      passwordHash: await hashPassword(body.password),
    });
    if (!row) throw new HttpError(409, 'Username or email already exists');
    res.status(201).json({
      message: `User ${row.username} created successfully with authority ${row.role}`,
      user: toPublicUser(row),
    });
  });

  router.get('/auth', async (req, res) => {
    const row = req.auth ? await users.byId(req.auth.userId) : null;
    if (!row) {
      res.json({ authenticated: false, user: null });
      return;
    }
    res.json({ authenticated: true, authority: row.role, user: toPublicUser(row) });
  });

  router.get('/auth/refresh', async (req, res) => {
    const header = req.headers['x-refresh-token'];
    const refresh = readCookie(req, REFRESH_COOKIE) ?? (typeof header === 'string' ? header : undefined);
    if (!refresh) throw new HttpError(400, 'Refresh token is required');
    try {
      let row: UserRow | null = null;
      const issued = await tokens.rotate(refresh, async (id) => {
        row = await users.byId(id);
        return row ? tokenUser(row) : null;
      });
      setAuthCookies(req, res, issued);
      res.json({ message: 'Token refreshed', user: row ? toPublicUser(row) : null });
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      clearAuthCookies(req, res);
      res.status(401).json({
        message: err.code === 'expired' ? 'Refresh token expired, please sign in again' : err.message,
      });
    }
  });

  router.get('/whoami', async (req, res) => {
    res.json(toPublicUser(await me(req)));
  });

  router.get('/', async (_req, res) => {
    res.json((await users.list()).map(toPublicUser));
  });

  router.post('/2fa/setup', async (req, res) => {
    const row = await me(req);
    if (row.totp_enabled) throw new HttpError(409, '2FA is already enabled; disable it first');
    const secret = generateTotpSecret();
    await users.setTotpSecret(row.id, secrets.encrypt(secret));
    const url = otpauthUrl(TOTP_ISSUER, row.username, secret);
    res.json({ otpauthUrl: url, qrCode: await qrCodeDataUrl(url) });
  });

  router.post('/2fa/verify', async (req, res) => {
    const { code } = validateBody(totpBody, req);
    const row = await me(req);
    if (!row.totp_secret) throw new HttpError(400, '2FA not set up');
    if (row.totp_enabled) throw new HttpError(409, '2FA is already enabled');
    const address = clientAddress(req);
    const verdict = await limiter.check(row.username, address);
    if (!verdict.allowed) return tooMany(res, verdict.retryAfterSeconds, verdict.message);
    if (!(await checkTotp(row, code))) {
      await limiter.recordFailure(row.username, address);
      throw new HttpError(401, 'Invalid 2FA token');
    }
    await users.enableTotp(row.id);
    res.json({ message: '2FA enabled successfully' });
  });

  router.get('/2fa/status', async (req, res) => {
    const row = await me(req);
    res.json({ twofa_enabled: row.totp_enabled });
  });

  router.post('/2fa/disable', async (req, res) => {
    const body = validateBody(disableBody, req);
    const row = await me(req);
    if (!row.totp_enabled) throw new HttpError(400, '2FA is not enabled for this user');
    const address = clientAddress(req);
    const verdict = await limiter.check(row.username, address);
    if (!verdict.allowed) return tooMany(res, verdict.retryAfterSeconds, verdict.message);
    if (body.password !== undefined && !(await verifyPassword(body.password, row.password_hash))) {
      await limiter.recordFailure(row.username, address);
      throw new HttpError(401, 'Invalid password');
    }
    const code = body.totpToken ?? body.token;
    if (code !== undefined && !(await checkTotp(row, code))) {
      await limiter.recordFailure(row.username, address);
      throw new HttpError(401, 'Invalid 2FA totpToken');
    }
    await users.disableTotp(row.id);
    res.json({ message: '2FA has been disabled successfully' });
  });

  router.patch('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    const { role } = validateBody(updateUserBody, req);
    const before = await users.byId(id);
    if (!before) throw new HttpError(404, 'User not found');
    const row = await users.setRole(Number(id), role);
    if (row === 'not-found') throw new HttpError(404, 'User not found');
    if (row === 'last-admin')
      throw new HttpError(
        409,
        `${before.username} is the last ADMIN; make another user ADMIN first, then change this role`,
      );
    const changed = before.role !== row.role;
    // Access tokens carry the role; ending the user's sessions makes the new one apply at once.
    if (changed) await tokens.revokeAllForUser(id);
    res.json({
      message: changed
        ? `${row.username} is now ${row.role}; their sessions were ended, so they sign in again with the new role`
        : `${row.username} already has role ${row.role}`,
      user: toPublicUser(row),
    });
  });

  router.delete('/:id', async (req, res) => {
    const { id } = validateParams(idParams, req);
    if (req.auth?.userId === id) throw new HttpError(400, 'You cannot delete your own account');
    if (!(await users.delete(Number(id)))) throw new HttpError(404, 'User not found');
    await tokens.revokeAllForUser(id);
    res.json({ message: 'User deleted successfully' });
  });

  return router;
}
