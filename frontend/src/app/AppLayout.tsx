// The signed-in shell: sidebar navigation, header (theme, language, user menu) and the page outlet.
import { clsx } from 'clsx';
import { Languages, LogOut, Menu, Monitor, Moon, Sun, User as UserIcon, X } from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import { Suspense, useState } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { IconButton, Loading, Toaster } from '../components';
import { currentLanguage, LANGUAGES, setLanguage, useT, type Language } from '../i18n';
import { useTheme, type ThemeChoice } from '../lib/theme';
import { AppIcon, navFor } from './nav';
import { signOut, useSession } from '../lib/session';

const THEME_ICONS = { light: Sun, dark: Moon, system: Monitor } as const;

function ThemeMenu() {
  const { t } = useT();
  const { choice, setChoice } = useTheme();
  const Icon = THEME_ICONS[choice];
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <IconButton aria-label={`${t('theme.label')}: ${t(`theme.${choice}`)}`} icon={<Icon size={18} />} />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Label className="menu-label">{t('theme.label')}</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={choice} onValueChange={(v) => setChoice(v as ThemeChoice)}>
            {(['light', 'dark', 'system'] as const).map((c) => {
              const I = THEME_ICONS[c];
              return (
                <DropdownMenu.RadioItem key={c} value={c} className="menu-item">
                  <I size={16} aria-hidden="true" /> {t(`theme.${c}`)}
                </DropdownMenu.RadioItem>
              );
            })}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function LanguageMenu() {
  const { t, i18n } = useT();
  const lang = (i18n.language as Language) ?? currentLanguage();
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <IconButton
          aria-label={`${t('language.label')}: ${t(`language.${lang}`)}`}
          icon={<Languages size={18} />}
        />
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Label className="menu-label">{t('language.label')}</DropdownMenu.Label>
          <DropdownMenu.RadioGroup value={lang} onValueChange={(v) => setLanguage(v as Language)}>
            {LANGUAGES.map((l) => (
              <DropdownMenu.RadioItem key={l} value={l} className="menu-item" lang={l}>
                {t(`language.${l}`)}
              </DropdownMenu.RadioItem>
            ))}
          </DropdownMenu.RadioGroup>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function UserMenu() {
  const { t } = useT();
  const user = useSession((s) => s.user);
  const navigate = useNavigate();
  if (!user) return null;
  return (
    <DropdownMenu.Root>
      <DropdownMenu.Trigger asChild>
        <button type="button" className="btn btn-ghost user-button" aria-label={t('user.menu')}>
          <UserIcon size={18} aria-hidden="true" />
          <span className="user-name">{user.username}</span>
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          <DropdownMenu.Label className="menu-label">
            {t('user.signedInAs', { name: user.username })} · {t(`roles.${user.authority}`)}
          </DropdownMenu.Label>
          <DropdownMenu.Item className="menu-item" onSelect={() => navigate('/account')}>
            <UserIcon size={16} aria-hidden="true" /> {t('user.account')}
          </DropdownMenu.Item>
          <DropdownMenu.Separator className="menu-separator" />
          <DropdownMenu.Item
            className="menu-item"
            onSelect={() => void signOut().finally(() => navigate('/sign-in', { replace: true }))}
          >
            <LogOut size={16} aria-hidden="true" /> {t('user.signOut')}
          </DropdownMenu.Item>
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}

function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const { t } = useT();
  const role = useSession((s) => s.user?.authority ?? null);
  const items = navFor(role);
  const section = (name: 'main' | 'admin') =>
    items
      .filter((i) => i.section === name)
      .map((i) => (
        <li key={i.path}>
          <NavLink
            to={i.path}
            end={i.end}
            className={({ isActive }) => clsx('nav-link', isActive && 'nav-link-active')}
            onClick={onNavigate}
          >
            <i.icon size={18} aria-hidden="true" />
            {t(i.labelKey)}
          </NavLink>
        </li>
      ));
  const admin = section('admin');
  return (
    <nav
      id="app-nav"
      className={clsx('sidebar', open && 'sidebar-open')}
      aria-label={t('nav.main')}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) onNavigate();
      }}
    >
      <ul className="nav-list">{section('main')}</ul>
      {admin.length > 0 && (
        <>
          <p className="nav-section">{t('roles.ADMIN')}</p>
          <ul className="nav-list">{admin}</ul>
        </>
      )}
    </nav>
  );
}

export function AppLayout() {
  const { t } = useT();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="app">
      <a href="#main" className="skip-link">
        {t('skipToContent')}
      </a>
      <header className="app-header">
        <IconButton
          className="menu-toggle"
          aria-label={menuOpen ? t('nav.closeMenu') : t('nav.openMenu')}
          aria-expanded={menuOpen}
          aria-controls="app-nav"
          icon={menuOpen ? <X size={20} /> : <Menu size={20} />}
          onClick={() => setMenuOpen((o) => !o)}
        />
        <NavLink to="/" className="brand">
          <AppIcon size={22} aria-hidden="true" />
          <span>{t('appName')}</span>
        </NavLink>
        <div className="header-actions">
          <LanguageMenu />
          <ThemeMenu />
          <UserMenu />
        </div>
      </header>
      <Sidebar open={menuOpen} onNavigate={() => setMenuOpen(false)} />
      {menuOpen && <div className="nav-backdrop" aria-hidden="true" onClick={() => setMenuOpen(false)} />}
      <main id="main" className="app-main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <Toaster />
    </div>
  );
}
