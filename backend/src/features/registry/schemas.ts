// Request schemas of GET /catalogs/:tpaId/points (the router validates with them; docs/openapi.ts
// documents them).
import { z } from 'zod';

export const pointsParams = z.object({
  tpaId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'tpaId must be an agreement id'),
});
export const pointsQuery = z.object({
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO-8601 date-time' }),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO-8601 date-time' }),
});
