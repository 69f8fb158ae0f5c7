// The catalog form's model (wizard step 1 and the detail page's edit dialog). Both dates are asked
// for: a draft may lack the end date, but finalizing needs it, so the wizard asks at once.
import type { Catalog, CatalogDraftBody, CatalogUpdateBody } from '@backend/contract';

export interface CatalogFormValues {
  name: string;
  description: string;
  /** YYYY-MM-DD */
  startDate: string;
  endDate: string;
}
export type CatalogFormErrors = Partial<Record<keyof CatalogFormValues, string>>;

const dateOnly = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : '');

export function emptyCatalogForm(): CatalogFormValues {
  return { name: '', description: '', startDate: new Date().toISOString().slice(0, 10), endDate: '' };
}

export function formFromCatalog(c: Catalog): CatalogFormValues {
  return {
    name: c.name,
    description: c.description ?? '',
    startDate: dateOnly(c.startDate),
    endDate: dateOnly(c.endDate),
  };
}

/** Message keys in the `catalogs` namespace. */
export function validateCatalogForm(v: CatalogFormValues): CatalogFormErrors {
  const e: CatalogFormErrors = {};
  if (!v.name.trim()) e.name = 'errors.nameRequired';
  else if (v.name.trim().length > 100) e.name = 'errors.nameTooLong';
  if (!v.startDate) e.startDate = 'errors.startRequired';
  if (!v.endDate) e.endDate = 'errors.endRequired';
  else if (v.startDate && v.endDate < v.startDate) e.endDate = 'errors.endBeforeStart';
  return e;
}

export function toCatalogDraftBody(v: CatalogFormValues): CatalogDraftBody {
  return {
    name: v.name.trim(),
    description: v.description.trim() || null,
    startDate: v.startDate,
    endDate: v.endDate || null,
  };
}

export function toCatalogUpdateBody(v: CatalogFormValues): CatalogUpdateBody {
  return toCatalogDraftBody(v);
}
