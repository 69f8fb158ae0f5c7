import { describe, expect, it } from 'vitest';
import { toggled } from './sets.js';

describe('toggled', () => {
  it('adds a missing item and removes a present one, leaving the original set as it was', () => {
    const levels = new Set(['error', 'warn']);
    expect([...toggled(levels, 'info')]).toEqual(['error', 'warn', 'info']);
    expect([...toggled(levels, 'error')]).toEqual(['warn']);
    expect([...levels]).toEqual(['error', 'warn']);
  });
});
