import { z } from 'zod';
import { isoDate, listPage, serialId } from '../../http/domain.js';

export const STATUSES = ['draft', 'finalized'] as const;
/** A catalog's or a control's `status`. */
export const publishStatus = z.enum(STATUSES, { error: 'status must be draft or finalized' });

/** A catalog's or a control's name: required, trimmed, at most 100 characters. */
export const name = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(100, 'name must be at most 100 characters');
const description = z.string({ error: 'description must be a string' }).max(10_000).nullable();
const dashboardId = z.string({ error: 'dashboard_id must be a string' }).max(64).nullable();

const datesInOrder = (b: { startDate?: Date | undefined; endDate?: Date | null | undefined }) =>
  !b.startDate || !b.endDate || b.endDate >= b.startDate;
const datesMessage = { message: 'endDate must not be before startDate', path: ['endDate'] };

export const idParams = z.object({ id: serialId('id') });
export const catalogIdParams = z.object({ catalogId: serialId('catalogId') });

export const listQuery = z.object({
  name: z.string().max(100).optional(),
  status: publishStatus.optional(),
  ...listPage,
});
export const pageQuery = z.object(listPage);

export const createDraftBody = z
  .object({
    name,
    startDate: isoDate('startDate'),
    endDate: isoDate('endDate').nullable().optional(),
    description: description.optional(),
    dashboard_id: dashboardId.optional(),
  })
  .strict()
  .refine(datesInOrder, datesMessage);

export const createBody = z
  .object({
    name,
    startDate: isoDate('startDate'),
    endDate: isoDate('endDate'),
    description: description.optional(),
    dashboard_id: dashboardId.optional(),
    status: publishStatus.default('finalized'),
  })
  .strict()
  .refine(datesInOrder, datesMessage);

export const updateBody = z
  .object({
    name: name.optional(),
    startDate: isoDate('startDate').optional(),
    endDate: isoDate('endDate').nullable().optional(),
    description: description.optional(),
    dashboard_id: dashboardId.optional(),
    status: publishStatus.optional(),
  })
  .strict()
  .refine(datesInOrder, datesMessage);
