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

Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 600 });
Object.defineProperty(HTMLElement.prototype, 'offsetWidth', { configurable: true, get: () => 800 });
