// Request schemas of GET /catalogs/:tpaId/points (routes.ts).
import { z } from 'zod';
import { listPage } from '../../http/domain.js';

export const pointsParams = z.object({
  tpaId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'tpaId must be an agreement id'),
});
export const pointsQuery = z.object({
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO-8601 date-time' }),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO-8601 date-time' }),
  ...listPage,
});
