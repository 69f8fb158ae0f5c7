// /api/v1/users: sign-in/out/up, auth check, whoami, refresh, user list, role change and delete,
// TOTP 2FA. GitHub sign-in (/users/github…, /users/auth/providers) is in auth/github.ts.
import type { Request, Response } from 'express';
import { HttpError } from '../../http/errors.js';
import { jsonList } from '../../http/lists.js';
import { ADMIN_ONLY, route, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { clearAuthCookies, readCookie, REFRESH_COOKIE, setAuthCookies } from '../auth/cookies.js';
import { hashPassword, verifyPassword } from '../auth/passwords.js';
import { generateTotpSecret, otpauthUrl, qrCodeDataUrl, verifyTotp } from '../auth/totp.js';
import { TokenError, type TokenUser } from '../auth/tokens.js';
import { toPublicUser, UsersRepository, type UserRow } from './repository.js';
import {
  disableBody,
  idParams,
  listQuery,
  publicUser,
  signInSchema,
  signUpSchema,
  totpBody,
  updateUserBody,
} from './schemas.js';

const TOTP_ISSUER = 'STATUS';
const USER_NOT_FOUND = 'User not found';

function tokenUser(row: UserRow): TokenUser {
  return { id: String(row.id), username: row.username, role: row.role, email: row.email };
}

function clientAddress(req: Request): string {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}

/** 429 with Retry-After and when to try again (the answer is written here: it has extra fields). */
function tooMany(res: Response, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  res.status(429).json({ message, retryAfterSeconds });
}

export function usersRoutes(
  s: Pick<AppServices, 'db' | 'tokens' | 'limiter' | 'secretBox' | 'now'>,
): Route[] {
  const users = new UsersRepository(s.db);
  const { tokens, limiter, secretBox } = s;

  const me = async (req: Request): Promise<UserRow> => {
    const row = req.auth ? await users.byId(req.auth.userId) : null;
    if (!row) throw new HttpError(404, USER_NOT_FOUND);
    return row;
  };

  /** Checks a TOTP code for a user and consumes its step (replay protection). */
  const checkTotp = async (row: UserRow, code: string): Promise<boolean> => {
    if (!row.totp_secret) return false;
    const last = row.totp_last_used_step === null ? null : Number(row.totp_last_used_step);
    const step = verifyTotp(secretBox.decrypt(row.totp_secret), code, { now: s.now(), lastUsedStep: last });
    return step !== null && (await users.claimTotpStep(row.id, step));
  };

  /**
   * One rate-limited attempt of `username` from the caller's address: null when the limiter refuses
   * (the 429 is written), else how to count a failure.
   */
  const attempt = async (req: Request, res: Response, username: string) => {
    const address = clientAddress(req);
    const verdict = await limiter.check(username, address);
    if (!verdict.allowed) {
      tooMany(res, verdict.retryAfterSeconds, verdict.message);
      return null;
    }
    const failed = () => limiter.recordFailure(username, address);
    /** Counts the failure; the 401 to throw. */
    const refuse = async (message: string) => {
      await failed();
      return new HttpError(401, message);
    };
    return { failed, refuse };
  };

  const signOut = async ({ req, res }: { req: Request; res: Response }): Promise<void> => {
    const refresh = readCookie(req, REFRESH_COOKIE);
    if (refresh) await tokens.revokeRefreshToken(refresh);
    if (req.auth) await tokens.revokeFamily(req.auth.family);
    clearAuthCookies(req, res);
  };

  return [
    route({
      method: 'POST',
      path: '/users/signIn',
      access: 'public',
      summary: 'Sign in (sets the accessToken and refreshToken cookies, and nodeRedToken on /node-red)',
      body: signInSchema,
      handler: async ({ req, res, body }) => {
        const tried = await attempt(req, res, body.username);
        if (!tried) return;

        const row = await users.byUsername(body.username);
        const ok = await verifyPassword(body.password, row?.password_hash);
        if (!row || !ok) throw await tried.refuse('Invalid username or password');
        if (row.totp_enabled) {
          if (!body.totpToken) {
            res.status(401).json({
              message: 'Two-factor authentication required. Please provide your TOTP.',
              requires2FA: true,
            });
            return;
          }
          if (!(await checkTotp(row, body.totpToken))) {
            await tried.failed();
            res.status(401).json({ message: 'Invalid 2FA token. Please try again.', requires2FA: true });
            return;
          }
        }
        await limiter.recordSuccess(body.username);
        const issued = await tokens.issue(tokenUser(row));
        setAuthCookies(req, res, issued);
        // nodeRedAccess: the nodeRedToken cookie just set opens the Node-RED editor for editing (a
        // USER's opens it read-only).
        return { ...toPublicUser(row), nodeRedAccess: row.role !== 'USER' };
      },
    }),
    route({
      method: 'POST',
      path: '/users/signOut',
      access: 'public',
      summary: 'Sign out (revokes the refresh token, clears the cookies)',
      status: 204,
      handler: signOut,
    }),
    route({
      method: 'GET',
      path: '/users/signOut',
      access: 'public',
      summary: 'Sign out (GET alias)',
      status: 204,
      handler: signOut,
    }),
    route({
      method: 'POST',
      path: '/users/signUp',
      access: ADMIN_ONLY,
      summary: 'Create a user (ADMIN)',
      body: signUpSchema,
      status: 201,
      handler: async ({ body }) => {
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
        return {
          message: `User ${row.username} created successfully with authority ${row.role}`,
          user: toPublicUser(row),
        };
      },
    }),
    route({
      method: 'GET',
      path: '/users/auth',
      access: 'public',
      summary: 'Whether the caller is signed in',
      handler: async ({ auth }) => {
        const row = auth ? await users.byId(auth.userId) : null;
        if (!row) return { authenticated: false, user: null };
        return { authenticated: true, authority: row.role, user: toPublicUser(row) };
      },
    }),
    route({
      method: 'GET',
      path: '/users/auth/refresh',
      access: 'public',
      summary: 'Rotate the refresh token and issue a new access token',
      handler: async ({ req, res }) => {
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
          return { message: 'Token refreshed', user: row ? toPublicUser(row) : null };
        } catch (err) {
          if (!(err instanceof TokenError)) throw err;
          clearAuthCookies(req, res);
          throw new HttpError(
            401,
            err.code === 'expired' ? 'Refresh token expired, please sign in again' : err.message,
          );
        }
      },
    }),
    route({
      method: 'GET',
      path: '/users/whoami',
      access: 'authenticated',
      summary: 'The signed-in user',
      response: publicUser,
      handler: async ({ req }) => toPublicUser(await me(req)),
    }),
    route({
      method: 'GET',
      path: '/users',
      access: ADMIN_ONLY,
      summary: 'List users (ADMIN; every row, or a page with ?limit=&offset=, X-Total-Count and Link)',
      query: listQuery,
      response: publicUser.array(),
      handler: ({ query: { limit, offset } }) => jsonList(s.db, users.listQuery(), { limit, offset }),
    }),
    route({
      method: 'POST',
      path: '/users/2fa/setup',
      access: 'authenticated',
      summary: 'Start TOTP setup (QR code)',
      handler: async ({ req }) => {
        const row = await me(req);
        if (row.totp_enabled) throw new HttpError(409, '2FA is already enabled; disable it first');
        const secret = generateTotpSecret();
        await users.setTotpSecret(row.id, secretBox.encrypt(secret));
        const url = otpauthUrl(TOTP_ISSUER, row.username, secret);
        return { otpauthUrl: url, qrCode: await qrCodeDataUrl(url) };
      },
    }),
    route({
      method: 'POST',
      path: '/users/2fa/verify',
      access: 'authenticated',
      summary: 'Verify a TOTP code and enable 2FA',
      body: totpBody,
      handler: async ({ req, res, body: { code } }) => {
        const row = await me(req);
        if (!row.totp_secret) throw new HttpError(400, '2FA not set up');
        if (row.totp_enabled) throw new HttpError(409, '2FA is already enabled');
        const tried = await attempt(req, res, row.username);
        if (!tried) return;
        if (!(await checkTotp(row, code))) throw await tried.refuse('Invalid 2FA token');
        await users.enableTotp(row.id);
        return { message: '2FA enabled successfully' };
      },
    }),
    route({
      method: 'GET',
      path: '/users/2fa/status',
      access: 'authenticated',
      summary: 'Whether 2FA is enabled',
      handler: async ({ req }) => ({ twofa_enabled: (await me(req)).totp_enabled }),
    }),
    route({
      method: 'POST',
      path: '/users/2fa/disable',
      access: 'authenticated',
      summary: 'Disable 2FA',
      body: disableBody,
      handler: async ({ req, res, body }) => {
        const row = await me(req);
        if (!row.totp_enabled) throw new HttpError(400, '2FA is not enabled for this user');
        const tried = await attempt(req, res, row.username);
        if (!tried) return;
        if (body.password !== undefined && !(await verifyPassword(body.password, row.password_hash)))
          throw await tried.refuse('Invalid password');
        const code = body.totpToken ?? body.token;
        if (code !== undefined && !(await checkTotp(row, code)))
          throw await tried.refuse('Invalid 2FA totpToken');
        await users.disableTotp(row.id);
        return { message: '2FA has been disabled successfully' };
      },
    }),
    route({
      method: 'PATCH',
      path: '/users/:id',
      access: ADMIN_ONLY,
      summary:
        "Change a user's role (ADMIN); ends that user's sessions so the new role applies at once; 409 for the last ADMIN",
      params: idParams,
      body: updateUserBody,
      handler: async ({ params: { id }, body: { role } }) => {
        const before = await users.byId(id);
        if (!before) throw new HttpError(404, USER_NOT_FOUND);
        const row = await users.setRole(Number(id), role);
        if (row === 'not-found') throw new HttpError(404, USER_NOT_FOUND);
        if (row === 'last-admin')
          throw new HttpError(
            409,
            `${before.username} is the last ADMIN; make another user ADMIN first, then change this role`,
          );
        const changed = before.role !== row.role;
        // Access tokens carry the role; ending the user's sessions makes the new one apply at once.
        if (changed) await tokens.revokeAllForUser(id);
        return {
          message: changed
            ? `${row.username} is now ${row.role}; their sessions were ended, so they sign in again with the new role`
            : `${row.username} already has role ${row.role}`,
          user: toPublicUser(row),
        };
      },
    }),
    route({
      method: 'DELETE',
      path: '/users/:id',
      access: ADMIN_ONLY,
      summary: 'Delete a user (ADMIN)',
      params: idParams,
      handler: async ({ params: { id }, auth }) => {
        if (auth?.userId === id) throw new HttpError(400, 'You cannot delete your own account');
        if (!(await users.delete(Number(id)))) throw new HttpError(404, USER_NOT_FOUND);
        await tokens.revokeAllForUser(id);
        return { message: 'User deleted successfully' };
      },
    }),
  ];
}
