// The console's words for states and phases are the command line's (api/labels.ts): one source.
import { describe, expect, it } from 'vitest';
import { PHASE_WORDS, STATE_WORDS } from '../../api/labels.js';
import { en } from './en.js';

describe("the console's words", () => {
  it('are read from api/labels.ts, which the CLI prints too', () => {
    expect(en.state).toBe(STATE_WORDS);
    expect(en.phase).toBe(PHASE_WORDS);
    expect(en.state.missing).toBe('Not created');
  });
});
