/**
 * The UI's messages, through FormatJS (react-intl): `useT()` in components, `t()` in
 * code outside React (stores, formatters). Every user-visible string comes from the
 * message files in src/shared/i18n/messages (a test scans the JSX for literal text).
 */
import { useCallback, useEffect, type ReactNode } from 'react';
import { IntlProvider, useIntl } from 'react-intl';
import { AppError, type Said } from '../../shared/errors';
import { catalogs, type MessageId } from '../../shared/i18n/catalog';
import { intlLocale } from '../../shared/i18n/languages';
import { translator, type MessageValues, type Translate } from '../../shared/i18n/translate';
import { shownLanguage, useLanguage } from './language';

export type { MessageId, MessageValues, Translate };

/** Gives everything below it the current language's messages; re-renders them when it changes. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const language = useLanguage(shownLanguage);
  const moneyLocale = useLanguage((s) => s.moneyLocale);
  // The page says its language (screen readers, hyphenation, the right fonts).
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return (
    <IntlProvider locale={intlLocale(language, moneyLocale)} defaultLocale="en" messages={catalogs[language]} onError={reportMissing}>
      {children}
    </IntlProvider>
  );
}

/**
 * What a customer takes away (the voucher slip, the cards) is in the café's language,
 * whatever language the operator printing it reads the screens in.
 */
export function CafeLanguage({ children }: { children: ReactNode }) {
  const language = useLanguage((s) => s.cafe);
  const moneyLocale = useLanguage((s) => s.moneyLocale);
  return (
    <IntlProvider locale={intlLocale(language, moneyLocale)} defaultLocale="en" messages={catalogs[language]} onError={reportMissing}>
      <div lang={language} style={{ display: 'contents' }}>
        {children}
      </div>
    </IntlProvider>
  );
}

/** The Intl locale of the language in force here (the café's inside CafeLanguage): for dates and numbers on a printout. */
export function useLocale(): string {
  return useIntl().locale;
}

/** The translator for components: `const t = useT(); t('sell.title')`. */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback((id: MessageId, values?: MessageValues) => intl.formatMessage({ id }, values), [intl]);
}

/** The translator outside React, in the language shown now. Inside a component prefer useT (it re-renders on a change). */
export function t(id: MessageId, values?: MessageValues): string {
  const s = useLanguage.getState();
  return translator(shownLanguage(s), s.moneyLocale)(id, values);
}

/**
 * A core error in the language shown now: its headline and field messages by their catalog ids
 * where it names them (and this till knows them), else its English as it came.
 */
export function inLanguage(err: AppError): AppError {
  if (!err.said) return err;
  const say = (said: Said | undefined, english: string) => (said && said.id in catalogs.en ? t(said.id as MessageId, said.values) : english);
  const fields = err.fields && Object.fromEntries(Object.entries(err.fields).map(([f, english]) => [f, say(err.said?.fields?.[f], english)]));
  return new AppError(err.code, say(err.said.message, err.message), fields, err.details, err.said);
}

function reportMissing(err: { code: string; message: string }): void {
  // The catalog test keeps missing messages from shipping; in development say which.
  if (err.code === 'MISSING_TRANSLATION') console.warn(err.message);
  else console.error(err.message);
}
