// i18next with one namespace per feature. A feature's lazy page module calls
// registerMessages('<feature>', messages) at its top, so its words load with its chunk.
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { common } from './common';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'status.language';

/** Nested words of one language: strings or groups of them. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}
/** What a feature's messages.ts exports: the same keys in English and Spanish. */
export interface FeatureMessages {
  en: MessageTree;
  es: MessageTree;
}

function isLanguage(v: unknown): v is Language {
  return typeof v === 'string' && (LANGUAGES as readonly string[]).includes(v);
}

/** The stored choice, else the browser's language, else English. */
export function detectLanguage(): Language {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(STORAGE_KEY);
  } catch {
    // storage disabled: fall through to the browser's language
  }
  if (isLanguage(stored)) return stored;
  const nav = globalThis.navigator?.languages ?? [globalThis.navigator?.language ?? 'en'];
  for (const l of nav) {
    const base = l?.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  lng: detectLanguage(),
  fallbackLng: 'en',
  ns: ['common'],
  defaultNS: 'common',
  resources: { en: { common: common.en }, es: { common: common.es } },
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false, // resources are bundled: translate on the first render
});
document.documentElement.lang = i18n.language;

/** Adds a feature's words under its namespace (idempotent; call at the top of its page modules). */
export function registerMessages(namespace: string, messages: FeatureMessages): void {
  for (const lng of LANGUAGES) {
    if (!i18n.hasResourceBundle(lng, namespace))
      i18n.addResourceBundle(lng, namespace, messages[lng], true, false);
  }
}

/** `t` of a feature's namespace; `common:` keys work too (`t('common:save')`). */
export function useT(namespace = 'common') {
  return useTranslation([namespace, 'common']);
}

export function setLanguage(lng: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, lng);
  } catch {
    // the switch still works for this page load
  }
  document.documentElement.lang = lng;
  void i18n.changeLanguage(lng);
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}
