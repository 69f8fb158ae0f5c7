// The console's entry: pick the transport, make the stores, render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App.js';
import { createI18n } from './i18n/index.js';
import { applyTheme, savedTheme } from './lib/theme.js';
import { ConsoleProvider, createConsole, startConsole } from './stores/console.js';
import { viewFromHash } from './stores/nav.js';
import { connectApi } from './transport.js';
import './styles.css';

applyTheme(savedTheme());
const i18n = createI18n();
document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

const root = createRoot(document.getElementById('root') as HTMLElement);

// The event connection may report before the stores exist: remember its last word.
let transport: 'open' | 'closed' = 'open';
let onTransport = (state: 'open' | 'closed') => {
  transport = state;
};

connectApi({ onConnection: (state) => onTransport(state) }).then(
  (api) => {
    const stores = createConsole(api, { view: viewFromHash(location.hash) });
    stores.status.getState().setTransport(transport);
    onTransport = (state) => stores.status.getState().setTransport(state);
    startConsole(stores);
    root.render(
      <StrictMode>
        <I18nextProvider i18n={i18n}>
          <ConsoleProvider stores={stores}>
            <App />
          </ConsoleProvider>
        </I18nextProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <div role="alert" className="note note-error boot-error">
        <p>{i18n.t('boot.failed')}</p>
        <p>{error instanceof Error ? error.message : String(error)}</p>
        <p>{i18n.t('boot.hint')}</p>
      </div>,
    );
  },
);
