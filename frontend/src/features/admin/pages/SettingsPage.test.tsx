import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setLanguage } from '../../../i18n';
import { fakeFetch, json, stubFetch } from '../../../test/fakeFetch';
import { renderRoutes, setSession, userOf } from '../../../test/render';
import { Component as SettingsPage } from './SettingsPage';

afterEach(() => {
  setLanguage('en');
  vi.unstubAllGlobals();
});

const flag = {
  id: 1,
  endpoint: '/api/v1/points',
  available: false,
  limit: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

function render() {
  setSession(userOf('ADMIN'));
  const f = fakeFetch({
    'GET /config': () => json(200, [flag]),
    'GET /config/assistant/limit': () => json(200, { limit: 5 }),
  });
  stubFetch(f.fetch);
  renderRoutes([{ path: '/admin/settings', element: <SettingsPage /> }], '/admin/settings');
}

// The backend's feature gate (backend/src/features/config/gate.ts, tested in config/router.test.ts)
// answers a disabled endpoint with 404 {"message":"Endpoint not available"}: the page says the same.
describe('settings page: feature flags', () => {
  it('says a disabled endpoint answers 404 “Endpoint not available”, as the backend does', async () => {
    render();
    expect(await screen.findByText('/api/v1/points')).toBeInTheDocument();
    await screen.findByDisplayValue('5');
    const help = screen.getByText(/A disabled endpoint answers/);
    expect(help.textContent).toMatch(/\b404\b/);
    expect(help.textContent).toMatch(/Endpoint not available/);
    expect(help.textContent).not.toMatch(/\b403\b/);
  });

  it('says the same in Spanish', async () => {
    setLanguage('es');
    render();
    await screen.findByText('/api/v1/points');
    await screen.findByDisplayValue('5');
    const help = screen.getByText(/Un endpoint desactivado responde/);
    expect(help.textContent).toMatch(/\b404\b/);
    expect(help.textContent).not.toMatch(/\b403\b/);
  });
});
