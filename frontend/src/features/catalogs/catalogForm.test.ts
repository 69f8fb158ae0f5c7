import type { Catalog } from '@backend/contract';
import { describe, expect, it } from 'vitest';
import { formFromCatalog, toCatalogDraftBody, validateCatalogForm } from './catalogForm';

describe('catalog form', () => {
  it('asks for a name and both dates in order', () => {
    expect(validateCatalogForm({ name: ' ', description: '', startDate: '', endDate: '' })).toEqual({
      name: 'errors.nameRequired',
      startDate: 'errors.startRequired',
      endDate: 'errors.endRequired',
    });
    expect(
      validateCatalogForm({ name: 'ISO', description: '', startDate: '2026-02-01', endDate: '2026-01-01' }),
    ).toEqual({ endDate: 'errors.endBeforeStart' });
  });

  it('round-trips a catalog into the draft body', () => {
    const c = {
      name: 'ISO 27001',
      description: null,
      startDate: '2026-01-01T00:00:00.000Z',
      endDate: '2026-12-31T00:00:00.000Z',
    } as Catalog;
    expect(toCatalogDraftBody(formFromCatalog(c))).toEqual({
      name: 'ISO 27001',
      description: null,
      startDate: '2026-01-01',
      endDate: '2026-12-31',
    });
  });
});
