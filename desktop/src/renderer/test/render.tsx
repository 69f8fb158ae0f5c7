// Renders the console (or one page of it) over a FakeApi, in English, with fresh stores.
import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { I18nextProvider } from 'react-i18next';
import { App } from '../App.js';
import { createI18n, type Language } from '../i18n/index.js';
import { ConsoleProvider, createConsole, startConsole } from '../stores/console.js';
import type { LogsOptions } from '../stores/logs.js';
import type { View } from '../stores/nav.js';
import { FakeApi } from './fake-api.js';

export interface RenderOptions {
  api?: FakeApi;
  view?: View;
  language?: Language;
  logs?: LogsOptions;
  /** A single page instead of the whole app. */
  ui?: ReactElement;
}

export function renderConsole(options: RenderOptions = {}) {
  const api = options.api ?? new FakeApi();
  const stores = createConsole(api, {
    ...(options.logs ? { logs: options.logs } : {}),
    view: options.view ?? 'overview',
  });
  const stop = startConsole(stores);
  const i18n = createI18n(options.language ?? 'en');
  const user = userEvent.setup();
  const result = render(
    <I18nextProvider i18n={i18n}>
      <ConsoleProvider stores={stores}>{options.ui ?? <App />}</ConsoleProvider>
    </I18nextProvider>,
  );
  return { api, stores, user, i18n, stop, ...result };
}
