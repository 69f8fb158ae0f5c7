// GitHub sign-in with passport-github2 (no sessions). GET /users/github redirects to GitHub with a
// one-time state kept in Redis (10 min); GET /users/github/callback exchanges the code, then links
// the GitHub account to the signed-in user who started the flow, or signs in the user already linked
// to it, or creates a USER for it; sets our cookies and redirects to the app. GitHub's base URLs are
// configurable (GH_BASE_URL, GH_API_URL) so tests can run a local stand-in.
// GET /users/auth/providers tells the sign-in page (public) whether GitHub sign-in is configured, so
// it offers the button only when the start route can work.
import { randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import { Passport } from 'passport';
import { Strategy as GitHubStrategy, type Profile } from 'passport-github2';
import { z } from 'zod';
import type { Config } from '../../config.js';
import { HttpError } from '../../http/errors.js';
import { route, type Route } from '../../http/route.js';
import type { AppServices } from '../../services.js';
import { UsersRepository, type UserRow } from '../users/repository.js';
import { setAuthCookies } from './cookies.js';

type GitHubConfig = Config;

const STATE_TTL_SECONDS = 600;

interface GitHubRequest extends Request {
  githubLinkUserId?: string | null;
}

class GitHubLinkError extends Error {}

/** `GET /users/auth/providers`: which sign-in methods besides the password this server offers. */
export interface AuthProviders {
  github: boolean;
}

/** Said to whoever reaches GitHub sign-in on a server without a GitHub OAuth app. */
export const GITHUB_NOT_CONFIGURED =
  'GitHub sign-in is not set up on this server. Sign in with your username and password, or ask an ' +
  'administrator to add a GitHub OAuth client ID and secret (STATUS Desktop: Settings; server: ' +
  'GH_CLIENT_ID / GH_CLIENT_SECRET).';

export function githubSettings(config: GitHubConfig) {
  if (!config.GH_CLIENT_ID || !config.GH_CLIENT_SECRET) return null;
  const base = (config.GH_BASE_URL ?? 'https://github.com').replace(/\/+$/, '');
  const api = (config.GH_API_URL ?? 'https://api.github.com').replace(/\/+$/, '');
  const publicUrl = (config.PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  return {
    clientID: config.GH_CLIENT_ID,
    clientSecret: config.GH_CLIENT_SECRET,
    callbackURL: config.GH_CALLBACK_URL ?? `${publicUrl}/backend/users/github/callback`,
    authorizationURL: `${base}/login/oauth/authorize`,
    tokenURL: `${base}/login/oauth/access_token`,
    userProfileURL: `${api}/user`,
    userEmailURL: `${api}/user/emails`,
    publicUrl,
  };
}

/** A username for a new GitHub account: its login reduced to letters and digits, made unique. */
async function freeUsername(users: UsersRepository, login: string): Promise<string> {
  const base = (login.replace(/[^A-Za-z0-9]/g, '') || 'github').slice(0, 50);
  if (!(await users.byUsername(base))) return base;
  for (let i = 0; i < 20; i++) {
    const candidate = `${base}${randomBytes(3).readUIntBE(0, 3) % 100000}`;
    if (!(await users.byUsername(candidate))) return candidate;
  }
  throw new Error('Could not find a free username for the GitHub account');
}

async function resolveUser(
  users: UsersRepository,
  profile: Profile,
  linkUserId: string | null,
): Promise<UserRow> {
  const githubId = String(profile.id);
  const login = profile.username ?? '';
  const linked = await users.byGithubId(githubId);
  if (linkUserId) {
    if (linked && String(linked.id) !== linkUserId)
      throw new GitHubLinkError('This GitHub account is already linked to another user');
    const row = await users.linkGithub(Number(linkUserId), githubId, login);
    if (!row) throw new GitHubLinkError('User not found');
    return row;
  }
  if (linked) return (await users.linkGithub(linked.id, githubId, login)) ?? linked;
  const email = profile.emails?.[0]?.value ?? null;
  const username = await freeUsername(users, login);
  const created = await users.createGithubUser({
    username,
    email: email && !(await users.emailTaken(email)) ? email : null,
    githubId,
    githubLogin: login,
  });
  if (!created) throw new GitHubLinkError('Could not create an account for this GitHub user');
  return created;
}

type Verdict = { err: unknown; user: UserRow | false; info: unknown };

/**
 * Runs passport's GitHub strategy to its end: with `verdict`, what its callback decided; undefined
 * when it answered itself (the redirect to GitHub that starts a flow).
 */
function runPassport(
  passport: InstanceType<typeof Passport>,
  req: Request,
  res: Response,
  verdict: boolean,
): Promise<Verdict | undefined> {
  return new Promise((resolve, reject) => {
    res.once('finish', () => resolve(undefined));
    res.once('close', () => resolve(undefined));
    const callback = verdict
      ? (err: unknown, user: UserRow | false, info: unknown) => resolve({ err, user, info })
      : undefined;
    const middleware = passport.authenticate('github', { session: false }, callback) as (
      req: Request,
      res: Response,
      next: (err?: unknown) => void,
    ) => void;
    middleware(req, res, (err?: unknown) => (err ? reject(err) : resolve(undefined)));
  });
}

export function githubRoutes(s: Pick<AppServices, 'config' | 'db' | 'redis' | 'tokens' | 'logger'>): Route[] {
  const users = new UsersRepository(s.db);
  const stateKey = (state: string) => `auth:gh:state:${state}`;
  let built: { passport: InstanceType<typeof Passport>; publicUrl: string } | undefined;

  // Built once, on the first request that needs it (the configuration is read then, not at start).
  const setup = () => {
    if (built) return built;
    const settings = githubSettings(s.config);
    if (!settings) throw new HttpError(404, GITHUB_NOT_CONFIGURED);
    const passport = new Passport();
    const store = {
      store(req: Request, _meta: unknown, cb: (err: Error | null, state?: string) => void) {
        const state = randomBytes(24).toString('base64url');
        const value = JSON.stringify({ linkUserId: req.auth?.userId ?? null });
        s.redis.set(stateKey(state), value, 'EX', STATE_TTL_SECONDS).then(
          () => cb(null, state),
          (err: Error) => cb(err),
        );
      },
      verify(req: Request, state: string, cb: (err: Error | null, ok: boolean, info?: unknown) => void) {
        if (typeof state !== 'string' || !state) return cb(null, false, { message: 'Missing OAuth state' });
        s.redis.getdel(stateKey(state)).then(
          (value) => {
            if (!value) return cb(null, false, { message: 'Invalid or expired OAuth state' });
            (req as GitHubRequest).githubLinkUserId = (
              JSON.parse(value) as { linkUserId: string | null }
            ).linkUserId;
            cb(null, true);
          },
          (err: Error) => cb(err, false),
        );
      },
    };
    passport.use(
      new GitHubStrategy(
        {
          clientID: settings.clientID,
          clientSecret: settings.clientSecret,
          callbackURL: settings.callbackURL,
          authorizationURL: settings.authorizationURL,
          tokenURL: settings.tokenURL,
          userProfileURL: settings.userProfileURL,
          userEmailURL: settings.userEmailURL,
          scope: ['user:email'],
          passReqToCallback: true,
          store,
        } as ConstructorParameters<typeof GitHubStrategy>[0],
        (
          req: Request,
          _accessToken: string,
          _refreshToken: string,
          profile: Profile,
          done: (err: Error | null, user?: UserRow | false, info?: unknown) => void,
        ) => {
          resolveUser(users, profile, (req as GitHubRequest).githubLinkUserId ?? null).then(
            (row) => done(null, row),
            (err: Error) =>
              err instanceof GitHubLinkError ? done(null, false, { message: err.message }) : done(err),
          );
        },
      ),
    );
    built = { passport, publicUrl: settings.publicUrl };
    return built;
  };

  return [
    route({
      method: 'GET',
      path: '/users/auth/providers',
      access: 'public',
      summary:
        'Sign-in methods besides the password: { github: boolean } (whether GitHub sign-in is configured)',
      response: z.object({ github: z.boolean() }),
      handler: ({ res }): AuthProviders => {
        // Read on every request: the config can change under a running test app, and it is cheap.
        res.setHeader('Cache-Control', 'no-store');
        return { github: githubSettings(s.config) !== null };
      },
    }),
    route({
      method: 'GET',
      path: '/users/github',
      access: 'public',
      summary:
        'Start GitHub sign-in; when not configured: 404 for JSON clients, a redirect to the sign-in page with the reason for browsers',
      handler: async ({ req, res }) => {
        // The start route is a full-page navigation: a browser that lands here while GitHub is not
        // configured goes back to the sign-in page with the reason (a raw JSON 404 would strand it
        // there). The redirect is path-absolute so the browser stays on the host name it used.
        // API clients (asking for JSON) still get the 404 with the same message.
        if (!githubSettings(s.config) && req.accepts(['json', 'html']) === 'html') {
          res.redirect(302, `/login?error=github&message=${encodeURIComponent(GITHUB_NOT_CONFIGURED)}`);
          return;
        }
        if (!githubSettings(s.config)) throw new HttpError(404, GITHUB_NOT_CONFIGURED);
        const { passport } = setup();
        await runPassport(passport, req, res, false);
      },
    }),
    route({
      method: 'GET',
      path: '/users/github/callback',
      access: 'public',
      summary: 'GitHub OAuth callback',
      handler: async ({ req, res }) => {
        if (!githubSettings(s.config)) throw new HttpError(404, GITHUB_NOT_CONFIGURED);
        const { passport, publicUrl } = setup();
        const verdict = await runPassport(passport, req, res, true);
        // Without a code, passport started a new flow (a redirect to GitHub) and there is no verdict.
        if (!verdict || res.headersSent) return;
        const fail = (message: string) =>
          res.redirect(302, `${publicUrl}/login?error=github&message=${encodeURIComponent(message)}`);
        const { err, user, info } = verdict;
        if (err) {
          s.logger.warn({ err }, 'GitHub sign-in failed');
          return fail('GitHub sign-in failed, please try again');
        }
        if (!user) {
          const message =
            (info as { message?: string } | undefined)?.message ?? 'GitHub sign-in was cancelled';
          return fail(message);
        }
        // The e-mail rides in the access token for GET /auth/verify (Grafana's sign-in).
        const issued = await s.tokens.issue({
          id: String(user.id),
          username: user.username,
          role: user.role,
          email: user.email,
        });
        setAuthCookies(req, res, issued);
        res.redirect(302, `${publicUrl}/`);
      },
    }),
  ];
}
