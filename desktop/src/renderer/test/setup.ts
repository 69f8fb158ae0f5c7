// Renderer tests run in jsdom: jest-dom matchers, a clean DOM and storage after each test, and
// element sizes (jsdom lays nothing out) so the virtualised log list renders rows.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  localStorage.clear();
  location.hash = '';
});

for (const [prop, value] of [
  ['offsetHeight', 600],
  ['offsetWidth', 800],
  ['clientHeight', 600],
  ['clientWidth', 800],
] as const) {
  Object.defineProperty(HTMLElement.prototype, prop, { configurable: true, get: () => value });
}
