import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import nb, { type Messages } from './nb.ts';

export const languages = ['nb', 'nn', 'en'] as const;
export type Language = (typeof languages)[number];

/** Each language's name in that language, for the picker. */
export const languageNames: Record<Language, string> = {
  nb: 'Bokmål',
  nn: 'Nynorsk',
  en: 'English',
};

const storageKey = 'samvirke.lang';

// Bokmål is bundled (default and fallback); the others are fetched when chosen.
const loaders: Record<Exclude<Language, 'nb'>, () => Promise<{ default: Messages }>> = {
  nn: () => import('./nn.ts'),
  en: () => import('./en.ts'),
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    return isLanguage(value) ? value : 'nb';
  } catch {
    return 'nb';
  }
}

async function loadLanguage(language: Language): Promise<void> {
  if (language === 'nb' || i18n.hasResourceBundle(language, 'translation')) return;
  const messages = await loaders[language]();
  i18n.addResourceBundle(language, 'translation', messages.default);
}

/** Switches the interface language, remembers the choice and updates `<html lang>`. */
export async function setLanguage(language: Language): Promise<void> {
  await loadLanguage(language);
  await i18n.changeLanguage(language);
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Storage may be blocked; the choice then lasts for this page view only.
  }
}

/**
 * Writes the current language back to storage. Logging out clears site data (cookies and
 * storage), which would otherwise forget the language the person chose.
 */
export function rememberLanguage(): void {
  const language = i18n.language;
  if (!isLanguage(language)) return;
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Storage blocked: nothing to keep.
  }
}

export async function initI18n(): Promise<void> {
  i18n.on('languageChanged', (language) => {
    document.documentElement.lang = language;
  });
  await i18n.use(initReactI18next).init({
    lng: 'nb',
    fallbackLng: 'nb',
    supportedLngs: languages,
    load: 'currentOnly',
    partialBundledLanguages: true,
    resources: { nb: { translation: nb } },
    interpolation: { escapeValue: false },
  });
  const language = storedLanguage();
  if (language !== 'nb') {
    try {
      await loadLanguage(language);
      await i18n.changeLanguage(language);
    } catch {
      // Could not fetch the stored language (offline?): stay on bokmål.
    }
  }
}

export { i18n };
