/**
 * Which language the UI speaks: the café's (Settings → General, `settings.language`, also
 * told before sign-in by `setup.status`), unless the signed-in operator chose their own.
 * Dates and numbers follow it (lib/display-locale), amounts keep the café's currency.
 * Before the café has said it (a browser not paired yet, or sent back to pairing): the
 * café's language this browser last heard, else the browser's own if the app speaks it.
 */
import { create } from 'zustand';
import { effectiveLanguage, intlLocale, Language, spokenOf } from '../../shared/i18n/languages';
import { setDisplayLocale } from '../lib/display-locale';

/** Where this browser keeps the café's language it last heard (for its next pairing screen). */
const CAFE_LANGUAGE_KEY = 'iwas.cafeLanguage';

/** The café's language this browser last heard; null when none, or when the browser keeps no site data (reading it then throws). */
function heardLanguage(): Language | null {
  try {
    const heard = Language.safeParse(globalThis.localStorage?.getItem(CAFE_LANGUAGE_KEY));
    return heard.success ? heard.data : null;
  } catch {
    return null;
  }
}

/** The language to start in, before the café says its own. */
function startingLanguage(): Language {
  const preferred = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return heardLanguage() ?? spokenOf(preferred) ?? 'en';
}

function remember(language: Language): void {
  try {
    globalThis.localStorage?.setItem(CAFE_LANGUAGE_KEY, language);
  } catch {
    // No storage (site data blocked, a private window that refuses it): the next pairing screen starts from the browser's language.
  }
}

interface LanguageState {
  cafe: Language;
  /** The signed-in operator's own language; null: the café's. */
  mine: Language | null;
  /** The café's money locale (en-PH, id-ID, …): English dates and numbers follow it. */
  moneyLocale: string;
  setCafe(language: Language, moneyLocale?: string): void;
  setMine(language: Language | null): void;
}

export const useLanguage = create<LanguageState>()((set, get) => {
  const sync = () => {
    const s = get();
    setDisplayLocale(intlLocale(effectiveLanguage(s.cafe, s.mine), s.moneyLocale));
  };
  return {
    cafe: startingLanguage(),
    mine: null,
    moneyLocale: 'en-PH',
    setCafe(language, moneyLocale) {
      set({ cafe: language, ...(moneyLocale ? { moneyLocale } : {}) });
      remember(language);
      sync();
    },
    setMine(language) {
      set({ mine: language });
      sync();
    },
  };
});

// Dates and numbers from the start in the language started in.
setDisplayLocale(intlLocale(useLanguage.getState().cafe, useLanguage.getState().moneyLocale));

/** The language shown now. */
export const shownLanguage = (s: Pick<LanguageState, 'cafe' | 'mine'>): Language => effectiveLanguage(s.cafe, s.mine);
