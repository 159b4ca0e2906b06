import { useState } from 'react';
import { defaultSettings, Settings } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { currencies, formatMoney } from '../../../shared/format';
import { languageNames, languages, type Language } from '../../../shared/i18n/languages';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { Loading } from '../../components/states';
import { useT } from '../../i18n';
import { wholeNumber } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import './general-tab.css';

/** The sections that are objects (all but `language`, a plain value kept apart), each field as typed. */
type Sections = Exclude<keyof Settings, 'language'>;
type Draft = {
  [S in Sections]: { [K in keyof Settings[S]]: string };
};

/** How an amount looks with a currency and locale being typed in; empty while they are not valid. */
function previewMoney(currency: string, locale: string, minor = 123450): string {
  try {
    return formatMoney(minor, { currency: currency.trim().toUpperCase(), locale: locale.trim() });
  } catch {
    return '';
  }
}

function draftOf(s: Settings): Draft {
  const out = {} as Record<string, Record<string, string>>;
  for (const [section, fields] of Object.entries(s)) if (typeof fields === 'object') out[section] = Object.fromEntries(Object.entries(fields as object).map(([k, v]) => [k, String(v)]));
  return out as Draft;
}

/** The café's language, money (currency, locale), the e-wallets the counter takes, vouchers, the Hotspot login page, RADIUS timing (the slip is Settings → Receipt). */
export function GeneralTab() {
  const t = useT();
  const settings = useData((s) => s.settings);
  return settings ? <GeneralForm settings={settings} /> : <Loading what={t('settings.what.settings')} />;
}

function GeneralForm({ settings }: { settings: Settings }) {
  const t = useT();
  const packages = useData((s) => s.packages);
  const [d, setD] = useState<Draft>(() => draftOf(settings));
  const [language, setLanguage] = useState<Language>(settings.language);
  const [wallets, setWallets] = useState(() => walletRows(settings.payments.wallets));
  const form = useForm();

  const set = <S extends keyof Draft>(section: S, key: keyof Draft[S], value: string) => setD({ ...d, [section]: { ...d[section], [key]: value } });
  const e = form.errors;
  const preview = previewMoney(d.money.currency, d.money.locale);
  // Amounts are stored in minor units: a new currency re-reads them, it does not convert them.
  const example = packages[0]?.priceMinor ?? 2000;
  const reread = d.money.currency.trim().toUpperCase() !== settings.money.currency ? previewMoney(d.money.currency, d.money.locale, example) : '';

  const save = () =>
    form.submit(async () => {
      // A number the form cannot read stands in as a valid one, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      const num = (path: string, text: string, fallback: number) => {
        const n = wholeNumber(text);
        if (typeof n === 'object') {
          own[path] = n.error;
          return fallback;
        }
        return n;
      };
      const next: Pick<Settings, 'language' | 'money' | 'payments' | 'vouchers' | 'hotspot' | 'radius'> = {
        language,
        money: { currency: d.money.currency.trim().toUpperCase(), locale: d.money.locale.trim() },
        payments: { wallets: wallets.map((w) => w.name.trim()) },
        vouchers: { length: num('vouchers.length', d.vouchers.length, settings.vouchers.length), mode: d.vouchers.mode === 'code+password' ? 'code+password' : 'code', passwordLength: d.vouchers.mode === 'code+password' ? num('vouchers.passwordLength', d.vouchers.passwordLength, settings.vouchers.passwordLength) : settings.vouchers.passwordLength },
        hotspot: { loginUrl: d.hotspot.loginUrl.trim() },
        radius: { interimIntervalS: num('radius.interimIntervalS', d.radius.interimIntervalS, settings.radius.interimIntervalS), staleAfterIntervals: num('radius.staleAfterIntervals', d.radius.staleAfterIntervals, settings.radius.staleAfterIntervals) },
      };
      const errors = allErrors(Settings.pick({ language: true, money: true, payments: true, vouchers: true, hotspot: true, radius: true }), next, own);
      if (Object.keys(errors).length) return form.set(errors);
      const saved = await api()['settings.update'](next);
      useData.getState().setSettings(saved);
      setD(draftOf(saved));
      setLanguage(saved.language);
      setWallets(walletRows(saved.payments.wallets));
      useUi.getState().toast('ok', t('settings.general.saved'));
    });

  return (
    <form
      className="general"
      onSubmit={(ev) => {
        ev.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend>{t('common.language')}</legend>
        <div className="form-grid">
          <Field label={t('settings.general.cafeLanguage')} error={e.language} hint={t('settings.general.languageHint')}>
            {(p) => (
              <select {...p} value={language} onChange={(ev) => setLanguage(ev.target.value as Language)}>
                {languages.map((l) => (
                  <option key={l} value={l} lang={l}>
                    {languageNames[l]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('settings.general.money')}</legend>
        <div className="form-grid">
          <Field label={t('settings.general.currency')} error={e['money.currency']} hint={t('settings.general.currencyHint')}>
            {(p) => (
              <>
                <input {...p} list="currencies" value={d.money.currency} onChange={(ev) => set('money', 'currency', ev.target.value)} />
                <datalist id="currencies">
                  {currencies.map((c) => (
                    <option key={c} value={c} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label={t('settings.general.locale')} error={e['money.locale']} hint={preview ? t('settings.general.localePreview', { example: preview }) : t('settings.general.localeExamples')}>
            {(p) => <input {...p} value={d.money.locale} onChange={(ev) => set('money', 'locale', ev.target.value)} />}
          </Field>
        </div>
        {reread ? (
          <p className="currency-warning" role="status">
            {t('settings.general.notConverted', { before: formatMoney(example, settings.money), after: reread })}
          </p>
        ) : null}
      </fieldset>
      <WalletsFieldset rows={wallets} onChange={setWallets} errors={e} />
      <fieldset>
        <legend>{t('settings.general.vouchers')}</legend>
        <div className="form-grid">
          <Field label={t('settings.general.codeLength')} error={e['vouchers.length']}>
            {(p) => <input {...p} inputMode="numeric" value={d.vouchers.length} onChange={(ev) => set('vouchers', 'length', ev.target.value)} />}
          </Field>
          <Field label={t('settings.general.password')} error={e['vouchers.mode']}>
            {(p) => (
              <select {...p} value={d.vouchers.mode} onChange={(ev) => set('vouchers', 'mode', ev.target.value)}>
                <option value="code">{t('settings.general.codeIsPassword')}</option>
                <option value="code+password">{t('settings.general.separatePassword')}</option>
              </select>
            )}
          </Field>
          {d.vouchers.mode === 'code+password' ? (
            <Field label={t('settings.general.passwordLength')} error={e['vouchers.passwordLength']}>
              {(p) => <input {...p} inputMode="numeric" value={d.vouchers.passwordLength} onChange={(ev) => set('vouchers', 'passwordLength', ev.target.value)} />}
            </Field>
          ) : null}
          <Field label={t('settings.general.loginPage')} error={e['hotspot.loginUrl']} hint={t('settings.general.loginPageHint')}>
            {(p) => <input {...p} className="mono" value={d.hotspot.loginUrl} onChange={(ev) => set('hotspot', 'loginUrl', ev.target.value)} placeholder="http://10.5.50.1/login" />}
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('settings.general.radius')}</legend>
        <div className="form-grid">
          <Field label={t('settings.general.interim')} error={e['radius.interimIntervalS']} hint={t('settings.general.interimHint', { seconds: defaultSettings.radius.interimIntervalS })}>
            {(p) => <input {...p} inputMode="numeric" value={d.radius.interimIntervalS} onChange={(ev) => set('radius', 'interimIntervalS', ev.target.value)} />}
          </Field>
          <Field label={t('settings.general.stale')} error={e['radius.staleAfterIntervals']}>
            {(p) => <input {...p} inputMode="numeric" value={d.radius.staleAfterIntervals} onChange={(ev) => set('radius', 'staleAfterIntervals', ev.target.value)} />}
          </Field>
        </div>
      </fieldset>
      <FormError message={form.general} />
      <div className="form-actions sticky-actions">
        <Button
          kind="plain"
          onClick={() => {
            setD(draftOf(settings));
            setLanguage(settings.language);
            setWallets(walletRows(settings.payments.wallets));
          }}
        >
          {t('settings.undo')}
        </Button>
        <Button kind="primary" size="lg" busy={form.busy} type="submit">
          {t('settings.general.save')}
        </Button>
      </div>
    </form>
  );
}

interface WalletRow {
  /** For React only: a row keeps its identity while it is renamed or others are removed. */
  key: number;
  name: string;
}

let nextWalletKey = 0;
const walletRows = (names: string[]): WalletRow[] => names.map((name) => ({ key: nextWalletKey++, name }));

/** Settings → Money & payments: the e-wallets the counter takes (GCash, Maya, QRIS…), each with its error next to it. */
function WalletsFieldset({ rows, onChange, errors }: { rows: WalletRow[]; onChange: (rows: WalletRow[]) => void; errors: FieldErrors }) {
  const t = useT();
  const [added, setAdded] = useState<number | null>(null);
  const listError = errors['payments.wallets'] ?? errors.payments;
  return (
    <fieldset className="wallets-settings">
      <legend>{t('settings.general.wallets')}</legend>
      <p className="muted">{t('settings.general.walletsNote')}</p>
      <div className="wallet-rows">
        {rows.map((row, i) => (
          <div key={row.key} className="wallet-row">
            <Field label={t('settings.general.walletN', { n: i + 1 })} error={errors[`payments.wallets.${i}`]}>
              {(p) => (
                <input
                  {...p}
                  value={row.name}
                  maxLength={24}
                  autoFocus={row.key === added}
                  onChange={(ev) => onChange(rows.map((r) => (r.key === row.key ? { ...r, name: ev.target.value } : r)))}
                  autoComplete="off"
                />
              )}
            </Field>
            <Button kind="ghost" size="sm" aria-label={row.name.trim() ? t('settings.general.removeWallet', { name: row.name.trim() }) : t('settings.general.removeWalletN', { n: i + 1 })} onClick={() => onChange(rows.filter((r) => r.key !== row.key))}>
              {t('common.remove')}
            </Button>
          </div>
        ))}
      </div>
      {listError ? (
        <p className="field-message" role="alert">
          {listError}
        </p>
      ) : null}
      <Button
        kind="plain"
        disabled={rows.length >= 12}
        onClick={() => {
          const [row] = walletRows(['']);
          setAdded(row!.key);
          onChange([...rows, row!]);
        }}
      >
        {t('settings.general.addWallet')}
      </Button>
    </fieldset>
  );
}
