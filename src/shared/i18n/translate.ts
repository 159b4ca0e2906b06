/**
 * Messages outside React (the core: Reply-Messages, the Hotspot login page, the daily
 * summary; the renderer's non-component code uses its own bound translator). FormatJS's
 * IntlMessageFormat does the ICU work; compiled messages are cached per language.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { catalogs, type MessageId } from './catalog';
import { intlLocale, type Language } from './languages';

/** Values an ICU message takes (numbers for plurals, strings for names). */
export type MessageValues = Record<string, string | number | Date>;

export type Translate = (id: MessageId, values?: MessageValues) => string;

const compiled = new Map<string, IntlMessageFormat>();

/** A translator for one language; a message missing in it falls back to English (a test keeps that from shipping). */
export function translator(language: Language, moneyLocale = 'en-PH'): Translate {
  const locale = intlLocale(language, moneyLocale);
  return (id, values) => {
    const key = `${locale}\u0000${id}`;
    let f = compiled.get(key);
    if (!f) {
      const source = catalogs[language][id] ?? catalogs.en[id] ?? id;
      f = new IntlMessageFormat(source, locale);
      compiled.set(key, f);
    }
    return String(f.format(values));
  };
}
