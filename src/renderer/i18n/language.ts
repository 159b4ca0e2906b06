/**
 * Which language the UI speaks: the café's (Settings → General, `settings.language`, also
 * told before sign-in by `setup.status`), unless the signed-in operator chose their own.
 * Dates and numbers follow it (lib/display-locale), amounts keep the café's currency.
 */
import { create } from 'zustand';
import { effectiveLanguage, intlLocale, type Language } from '../../shared/i18n/languages';
import { setDisplayLocale } from '../lib/display-locale';

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
    cafe: 'en',
    mine: null,
    moneyLocale: 'en-PH',
    setCafe(language, moneyLocale) {
      set({ cafe: language, ...(moneyLocale ? { moneyLocale } : {}) });
      sync();
    },
    setMine(language) {
      set({ mine: language });
      sync();
    },
  };
});

/** The language shown now. */
export const shownLanguage = (s: Pick<LanguageState, 'cafe' | 'mine'>): Language => effectiveLanguage(s.cafe, s.mine);
