// The console's frame: header (platform state, language, theme), navigation, the page, the
// progress panel (on every page, so long work stays visible) and notifications.
import {
  Archive,
  FileText,
  Globe,
  LayoutDashboard,
  Monitor,
  Moon,
  Settings,
  Sun,
  Workflow,
  BarChart3,
} from 'lucide-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DrivingEngine } from './components/DrivingEngine.js';
import { IconButton } from './components/IconButton.js';
import { OverallBadge } from './components/StateBadge.js';
import { Toasts } from './components/Toasts.js';
import { LANGUAGES, rememberLanguage, type Language } from './i18n/index.js';
import { applyTheme, savedTheme, type ThemeChoice } from './lib/theme.js';
import { useConsole, useConsoleStore } from './stores/console.js';
import { viewFromHash, type View } from './stores/nav.js';
import { AppTab } from './views/AppTab.js';
import { BackupsView } from './views/BackupsView.js';
import { LogsView } from './views/LogsView.js';
import { Overview } from './views/Overview.js';
import { ProgressPanel } from './views/ProgressPanel.js';
import { SettingsView } from './views/SettingsView.js';
import { SetupView } from './views/SetupView.js';

const NAV: { view: View; icon: typeof LayoutDashboard }[] = [
  { view: 'overview', icon: LayoutDashboard },
  { view: 'logs', icon: FileText },
  { view: 'backups', icon: Archive },
  { view: 'settings', icon: Settings },
  { view: 'status', icon: Globe },
  { view: 'grafana', icon: BarChart3 },
  { view: 'nodeRed', icon: Workflow },
];

export function App() {
  const { t } = useTranslation();
  const { nav } = useConsole();
  const view = useConsoleStore('nav', (s) => s.view);
  const overall = useConsoleStore('status', (s) => s.status?.state);
  const driving = useConsoleStore('status', (s) => s.status?.driving);
  const wizard = useConsoleStore('setup', (s) => s.wizard);
  const transport = useConsoleStore('status', (s) => s.transport);
  const setupLoaded = useConsoleStore('setup', (s) => s.state !== null || s.error !== null);

  // The page in the address, so a reload stays where it was.
  useEffect(() => {
    const onHash = () => nav.getState().go(viewFromHash(location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [nav]);
  useEffect(() => {
    if (viewFromHash(location.hash) !== view) history.replaceState(null, '', `#${view}`);
  }, [view]);

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <span className="brand">STATUS Desktop</span>
        <OverallBadge state={overall} />
        {driving && <DrivingEngine driving={driving} className="small muted driving" />}
        <span className="spacer" />
        <LanguageSelect />
        <ThemeToggle />
      </header>
      <div className="body">
        {!wizard && (
          <nav className="sidebar" aria-label={t('nav.label')}>
            <ul>
              {NAV.map(({ view: v, icon: Icon }) => (
                <li key={v}>
                  <button
                    type="button"
                    className="nav-item"
                    aria-current={view === v ? 'page' : undefined}
                    onClick={() => nav.getState().go(v)}
                  >
                    <Icon size={16} aria-hidden /> {t(`nav.${v}`)}
                  </button>
                </li>
              ))}
            </ul>
          </nav>
        )}
        <main id="main" tabIndex={-1}>
          {transport === 'closed' && (
            <p role="alert" className="note note-warn">
              {t('header.reconnecting')}
            </p>
          )}
          <ProgressPanel />
          {!setupLoaded ? (
            <p className="muted">{t('common.loading')}</p>
          ) : wizard ? (
            <SetupView />
          ) : (
            <Page view={view} />
          )}
        </main>
      </div>
      <Toasts />
    </div>
  );
}

function Page({ view }: { view: View }) {
  switch (view) {
    case 'overview':
      return <Overview />;
    case 'logs':
      return <LogsView />;
    case 'backups':
      return <BackupsView />;
    case 'settings':
      return <SettingsView />;
    default:
      return <AppTab key={view} app={view} />;
  }
}

function LanguageSelect() {
  const { t, i18n } = useTranslation();
  return (
    <label className="inline-field">
      <span className="visually-hidden">{t('header.language')}</span>
      <select
        aria-label={t('header.language')}
        value={i18n.language.slice(0, 2)}
        onChange={(e) => {
          const language = e.target.value as Language;
          rememberLanguage(language);
          void i18n.changeLanguage(language);
        }}
      >
        {LANGUAGES.map((l) => (
          <option key={l} value={l}>
            {t(`language.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

const THEME_ORDER: ThemeChoice[] = ['system', 'light', 'dark'];

function ThemeToggle() {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<ThemeChoice>(savedTheme);
  useEffect(() => {
    applyTheme(choice);
    if (choice !== 'system' || typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    const onChange = () => applyTheme('system');
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, [choice]);
  const Icon = choice === 'dark' ? Moon : choice === 'light' ? Sun : Monitor;
  const next = THEME_ORDER[(THEME_ORDER.indexOf(choice) + 1) % THEME_ORDER.length] as ThemeChoice;
  return (
    <IconButton label={t('header.theme', { theme: t(`theme.${choice}`) })} onClick={() => setChoice(next)}>
      <Icon size={16} aria-hidden />
    </IconButton>
  );
}
