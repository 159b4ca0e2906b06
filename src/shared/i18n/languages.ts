/**
 * The languages the café's people and customers can have: English, Filipino and Bahasa
 * Indonesia. The café picks one in Settings (`settings.language`); an operator may
 * override it for themselves. Messages live in ./messages/<language>/<namespace>.json,
 * in ICU MessageFormat (plurals, selects, numbers), read by FormatJS.
 */
import { z } from 'zod';

export const languages = ['en', 'fil', 'id'] as const;
export const Language = z.enum(languages);
export type Language = z.infer<typeof Language>;

/** Each language by its own name (never translated: a Filipino speaker looks for "Filipino"). */
export const languageNames: Record<Language, string> = {
  en: 'English',
  fil: 'Filipino',
  id: 'Bahasa Indonesia',
};

/**
 * The BCP 47 locale for Intl (dates, numbers, plural rules) in a language. English keeps
 * the café's own locale (en-PH, en-US, …) from Settings → Money & payments, or its country's
 * English when that locale is another language's (id-ID: en-ID, day before month).
 */
export function intlLocale(language: Language, moneyLocale: string): string {
  if (language === 'fil') return 'fil-PH';
  if (language === 'id') return 'id-ID';
  if (moneyLocale.toLowerCase().startsWith('en')) return moneyLocale;
  const region = /^[a-z]{2,3}-([a-z]{2})$/i.exec(moneyLocale)?.[1];
  return region ? `en-${region.toUpperCase()}` : 'en-PH';
}

/** The language to show: the operator's own choice, else the café's. */
export function effectiveLanguage(cafe: Language, mine: Language | null | undefined): Language {
  return mine ?? cafe;
}

/**
 * The first of a browser's preferred languages (`navigator.languages`: "id-ID", "fil", "en-PH")
 * that the app speaks; null when none is. "tl" (Tagalog) is said in Filipino, "in" is
 * Indonesian's old code.
 */
export function spokenOf(preferred: readonly string[]): Language | null {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0];
    if (base === 'fil' || base === 'tl') return 'fil';
    if (base === 'id' || base === 'in') return 'id';
    if (base === 'en') return 'en';
  }
  return null;
}
