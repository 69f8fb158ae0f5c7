import { describe, expect, it } from 'vitest';
import { filledSecrets } from './secrets.js';

describe('filledSecrets', () => {
  it('keeps the fields filled in, trimmed, and leaves out the empty ones', () => {
    expect(filledSecrets({ openAiKey: '  sk-1 ', githubClientId: '   ', githubClientSecret: '' })).toEqual({
      openAiKey: 'sk-1',
    });
    expect(filledSecrets({})).toEqual({});
  });
});
