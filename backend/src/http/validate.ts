// Typed zod validation of request parts. A failure throws the ZodError, which the error handler
// turns into `400 { message, errors: [{ path, message }] }`.
import type { Request } from 'express';
import { z, ZodError } from 'zod';
import type { FieldError } from './errors.js';

export function validateBody<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return tagged(schema, req.body ?? {}, 'body');
}
export function validateQuery<S extends z.ZodType>(schema: S, req: Request): z.infer<S> {
  return tagged(schema, req.query, 'query');
}

/** A ZodError that remembers which part of the request failed (for the error message). */
export class RequestValidationError extends ZodError {
  where: 'body' | 'query' | 'params' = 'body';
}

function tagged<S extends z.ZodType>(
  schema: S,
  value: unknown,
  where: 'body' | 'query' | 'params',
): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const err = new RequestValidationError(r.error.issues);
  err.where = where;
  throw err;
}

export function zodFieldErrors(err: ZodError): FieldError[] {
  return err.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(root)',
    message: i.message,
  }));
}
