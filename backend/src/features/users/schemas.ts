// Request and answer schemas of /api/v1/users (routes.ts declares its routes with them; the OpenAPI
// document is derived from those declarations).
import { z } from 'zod';
import { listPage } from '../../http/domain.js';
import { passwordSchema } from '../auth/passwords.js';
import { ROLES } from '../auth/tokens.js';

export const username = z
  .string({ error: 'username is required' })
  .trim()
  .min(1, 'username is required')
  .max(60, 'username must be at most 60 characters');
export const totpCode = z
  .string({ error: 'totpToken must be a string of 6 digits' })
  .trim()
  .regex(/^\d{6}$/, 'totpToken must be 6 digits');

export const signInSchema = z.object({
  username,
  password: z.string({ error: 'password is required' }).min(1, 'password is required').max(1024),
  totpToken: totpCode.optional(),
});

export const signUpSchema = z
  .object({
    username: username.regex(/^[A-Za-z0-9]+$/, 'username may contain only letters and digits'),
    password: passwordSchema,
    email: z.email({ error: 'email must be a valid email address' }).max(254),
    authority: z.enum(ROLES, { error: 'authority must be one of ADMIN, DEVELOPER, USER' }).optional(),
    role: z.enum(ROLES, { error: 'role must be one of ADMIN, DEVELOPER, USER' }).optional(),
  })
  .strict();

/** `{totpToken}` as the original, `{token}` accepted too. */
export const totpBody = z
  .object({ totpToken: totpCode.optional(), token: totpCode.optional() })
  .refine((b) => b.totpToken ?? b.token, { message: 'totpToken is required', path: ['totpToken'] })
  .transform((b) => ({ code: (b.totpToken ?? b.token)! }));

export const disableBody = z
  .object({
    password: z.string().min(1, 'password must not be empty').max(1024).optional(),
    totpToken: totpCode.optional(),
    token: totpCode.optional(),
  })
  .refine((b) => b.password !== undefined || b.totpToken !== undefined || b.token !== undefined, {
    message: 'Give your password or a current 2FA code (totpToken)',
    path: ['totpToken'],
  });

export const idParams = z.object({ id: z.string().regex(/^[1-9]\d{0,8}$/, 'id must be a positive integer') });

/** `PATCH /users/:id`: the one field an admin can change today. */
export const updateUserBody = z
  .object({ role: z.enum(ROLES, { error: 'role must be one of ADMIN, DEVELOPER, USER' }) })
  .strict();

/** `GET /users`: every user, or one page with `?limit=&offset=`. */
export const listQuery = z.object(listPage);

/** A user as the API shows it (repository.ts `toPublicUser`): no hash, no TOTP secret, no tokens. */
export const publicUser = z.object({
  id: z.number(),
  username: z.string(),
  email: z.string().nullable(),
  authority: z.enum(ROLES),
  githubLogin: z.string().nullable(),
  twofaEnabled: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
