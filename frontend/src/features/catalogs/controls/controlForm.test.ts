import type { Control } from '@backend/contract';
import { describe, expect, it } from 'vitest';
import {
  emptyControlForm,
  formFromControl,
  scopesFromRows,
  toDraftBody,
  toUpdateBody,
  validateControlForm,
} from './controlForm';

describe('validateControlForm', () => {
  it('asks for a name, the endpoint and the threshold', () => {
    expect(validateControlForm(emptyControlForm())).toEqual({
      name: 'errors.nameRequired',
      'params.endpoint': 'errors.endpointRequired',
      'params.threshold': 'errors.thresholdRequired',
    });
  });

  it('refuses an end date before the start date and duplicate scope names', () => {
    const v = {
      ...emptyControlForm(),
      name: 'Access review',
      startDate: '2026-02-01',
      endDate: '2026-01-01',
      endpoint: '/check',
      threshold: '5',
      scopes: [
        { key: 'country', value: 'ES' },
        { key: 'country', value: 'FR' },
      ],
    };
    expect(validateControlForm(v)).toEqual({
      endDate: 'errors.endBeforeStart',
      scopes: 'errors.scopeDuplicate',
    });
  });
});

describe('wire bodies', () => {
  const values = {
    ...emptyControlForm(),
    name: ' Access review ',
    period: 'WEEKLY' as const,
    startDate: '2026-01-01',
    mashupId: 'tab1',
    endpoint: '/check',
    threshold: '5',
    params: [{ key: 'items', value: '[6, 7]' }],
  };

  it('builds the draft body with typed params', () => {
    expect(toDraftBody(values, 7)).toEqual({
      name: 'Access review',
      catalogId: 7,
      description: '',
      period: 'WEEKLY',
      startDate: '2026-01-01',
      endDate: null,
      mashupId: 'tab1',
      params: { items: [6, 7], endpoint: '/check', threshold: 5 },
    });
  });

  it('reads a control back into the same values', () => {
    const control = {
      id: 3,
      name: 'Access review',
      description: null,
      period: 'WEEKLY',
      startDate: '2026-01-01T00:00:00.000Z',
      endDate: null,
      mashupId: 'tab1',
      catalogId: 7,
      params: { endpoint: '/check', threshold: 5, items: [1] },
    } as unknown as Control;
    const v = formFromControl(control, { country: 'ES' });
    expect(toUpdateBody(v)).toEqual({
      name: 'Access review',
      description: null,
      period: 'WEEKLY',
      startDate: '2026-01-01',
      endDate: null,
      mashupId: 'tab1',
      params: { items: [1], endpoint: '/check', threshold: 5 },
    });
    expect(v.params).toEqual([{ key: 'items', value: '[1]' }]);
    expect(v.scopes).toEqual([{ key: 'country', value: 'ES' }]);
  });

  it('types scope values as their scope declares', () => {
    const known = [
      { name: 'size', type: 'number' },
      { name: 'eu', type: 'boolean' },
    ];
    expect(
      scopesFromRows(
        [
          { key: 'size', value: '10' },
          { key: 'eu', value: 'true' },
          { key: 'country', value: 'ES' },
          { key: '', value: 'x' },
        ],
        known,
      ),
    ).toEqual({ size: 10, eu: true, country: 'ES' });
  });
});
