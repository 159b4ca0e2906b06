import { useRef, useState } from 'react';
import { Settings } from '../../../shared/domain';
import { Brand, WifiHelp } from '../../components/brand';
import { Button } from '../../components/button';
import { slipFooter } from '../../components/voucher-slip';
import { Field, FormError, useForm } from '../../components/field';
import { Loading } from '../../components/states';
import { useT } from '../../i18n';
import { allErrors, schemaErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { logoFromFile } from './logo';
import './receipt-tab.css';

type Receipt = Pick<Settings, 'cafe' | 'branding'>;
const ReceiptSettings = Settings.pick({ cafe: true, branding: true });
/** The code on the sample slip (a code, the same in every language). */
const SAMPLE_CODE = 'K7M2QX';
/** An example network name (a name, not translated). */
const SSID_EXAMPLE = 'Netopia-Guest';

/** What slips, voucher cards and shift reports print: café name, logo, WiFi name, how to connect, header and footer, paper width. */
export function ReceiptTab() {
  const t = useT();
  const settings = useData((s) => s.settings);
  return settings ? <ReceiptForm settings={settings} /> : <Loading what={t('settings.what.settings')} />;
}

function ReceiptForm({ settings }: { settings: Settings }) {
  const t = useT();
  const [d, setD] = useState<Receipt>(() => ({ cafe: settings.cafe, branding: settings.branding }));
  // A file that could not become the logo: said next to the field; the logo stays what it was.
  const [logoError, setLogoError] = useState<string | null>(null);
  const [reading, setReading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const form = useForm();
  const e = form.errors;

  // From the latest draft, not this render's: a logo read in the background must not undo what was typed meanwhile.
  const cafe = (change: Partial<Settings['cafe']>) => setD((x) => ({ ...x, cafe: { ...x.cafe, ...change } }));
  const branding = (change: Partial<Settings['branding']>) => setD((x) => ({ ...x, branding: { ...x.branding, ...change } }));

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setLogoError(null);
    setReading(true);
    try {
      const logo = await logoFromFile(file);
      // Still too large (a photo, say): the schema's own words, before anything is saved.
      const problem = schemaErrors(ReceiptSettings.shape.branding.shape.logo, logo)._;
      if (problem) setLogoError(problem);
      else branding({ logo });
    } catch (err) {
      setLogoError(err instanceof Error ? err.message : String(err));
    } finally {
      setReading(false);
      // The same file picked again is read again.
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const save = () =>
    form.submit(async () => {
      setLogoError(null);
      const next: Receipt = {
        cafe: { ...d.cafe, name: d.cafe.name.trim() },
        branding: { logo: d.branding.logo, ssid: d.branding.ssid.trim(), howToConnect: d.branding.howToConnect.trim() },
      };
      const errors = allErrors(ReceiptSettings, next, {});
      if (Object.keys(errors).length) return form.set(errors);
      const saved = await api()['settings.update'](next);
      useData.getState().setSettings(saved);
      setD({ cafe: saved.cafe, branding: saved.branding });
      useUi.getState().toast('ok', t('settings.receipt.saved'));
    });

  const logoMessage = logoError ?? e['branding.logo'];
  return (
    <form
      className="general receipt"
      onSubmit={(ev) => {
        ev.preventDefault();
        void save();
      }}
    >
      <div className="receipt-fields">
        <fieldset>
          <legend>{t('settings.receipt.cafe')}</legend>
          <div className="form-grid">
            <Field label={t('settings.receipt.cafeName')} error={e['cafe.name']} hint={t('settings.receipt.cafeNameHint')}>
              {(p) => <input {...p} value={d.cafe.name} onChange={(ev) => cafe({ name: ev.target.value })} />}
            </Field>
            <Field label={t('settings.receipt.paper')} error={e['cafe.receiptWidthMm']}>
              {(p) => (
                <select {...p} value={d.cafe.receiptWidthMm} onChange={(ev) => cafe({ receiptWidthMm: ev.target.value === '80' ? 80 : 58 })}>
                  <option value="58">{t('settings.receipt.paperMm', { n: 58 })}</option>
                  <option value="80">{t('settings.receipt.paperMm', { n: 80 })}</option>
                </select>
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('settings.receipt.logo')}</legend>
          <div className={`field${logoMessage ? ' field-error' : ''}`}>
            <label htmlFor="receipt-logo">{t('settings.receipt.logoLabel')}</label>
            <div className="logo-row">
              {d.branding.logo ? <img className="logo-thumb" src={d.branding.logo} alt={t('settings.receipt.logoNow')} /> : <span className="muted">{t('settings.receipt.noLogo')}</span>}
              <input
                ref={fileInput}
                id="receipt-logo"
                type="file"
                accept="image/png,image/svg+xml,.png,.svg"
                aria-invalid={!!logoMessage}
                aria-describedby="receipt-logo-note"
                disabled={reading}
                onChange={(ev) => void upload(ev.target.files?.[0])}
              />
              {d.branding.logo ? (
                <Button kind="plain" onClick={() => branding({ logo: '' })}>
                  {t('settings.receipt.removeLogo')}
                </Button>
              ) : null}
            </div>
            {logoMessage ? (
              <div id="receipt-logo-note" className="field-message" role="alert">
                {logoMessage}
              </div>
            ) : (
              <div id="receipt-logo-note" className="field-hint">
                {t('settings.receipt.logoHint')}
              </div>
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('settings.receipt.wifi')}</legend>
          <div className="form-grid">
            <Field label={t('settings.receipt.ssid')} error={e['branding.ssid']} hint={t('settings.receipt.ssidHint')}>
              {(p) => <input {...p} value={d.branding.ssid} maxLength={32} onChange={(ev) => branding({ ssid: ev.target.value })} placeholder={SSID_EXAMPLE} autoComplete="off" />}
            </Field>
            <Field label={t('settings.receipt.howToConnect')} error={e['branding.howToConnect']} hint={t('settings.receipt.howToConnectHint')}>
              {(p) => <input {...p} value={d.branding.howToConnect} maxLength={160} onChange={(ev) => branding({ howToConnect: ev.target.value })} placeholder={t('settings.receipt.howToConnectExample')} />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t('settings.receipt.headerFooter')}</legend>
          <div className="form-grid">
            <Field label={t('settings.receipt.header')} error={e['cafe.receiptHeader']} hint={t('settings.receipt.headerHint')}>
              {(p) => <textarea {...p} rows={2} value={d.cafe.receiptHeader} onChange={(ev) => cafe({ receiptHeader: ev.target.value })} />}
            </Field>
            <Field label={t('settings.receipt.footer')} error={e['cafe.receiptFooter']}>
              {(p) => <textarea {...p} rows={2} value={d.cafe.receiptFooter} onChange={(ev) => cafe({ receiptFooter: ev.target.value })} />}
            </Field>
          </div>
        </fieldset>
        <FormError message={form.general} />
        <div className="form-actions sticky-actions">
          <Button
            kind="plain"
            onClick={() => {
              setLogoError(null);
              form.clear();
              setD({ cafe: settings.cafe, branding: settings.branding });
            }}
          >
            {t('settings.undo')}
          </Button>
          <Button kind="primary" size="lg" busy={form.busy} disabled={reading} type="submit">
            {t('settings.receipt.save')}
          </Button>
        </div>
      </div>
      <SlipPreview receipt={d} />
    </form>
  );
}

/** The top of a voucher slip as these settings print it (at the paper width chosen, the logo in grey as on thermal paper). */
function SlipPreview({ receipt }: { receipt: Receipt }) {
  const t = useT();
  const { cafe, branding } = receipt;
  return (
    <aside className="receipt-preview" aria-label={t('settings.receipt.preview')}>
      <div className="receipt-preview-title">
        {t('settings.receipt.previewTitle', { n: cafe.receiptWidthMm })} <span className="muted">{t('settings.receipt.sample')}</span>
      </div>
      <div className="slip-preview">
        <article className={`slip slip-${cafe.receiptWidthMm}`}>
          <header>
            <Brand settings={receipt} widthMm={cafe.receiptWidthMm}>
              {cafe.receiptHeader ? <div>{cafe.receiptHeader}</div> : null}
            </Brand>
          </header>
          <div className="slip-package">{t('settings.oneHour')}</div>
          <div className="slip-code">
            <div>{t('settings.receipt.voucher')}</div>
            <b>{SAMPLE_CODE}</b>
            <div className="slip-small">{t('settings.receipt.alsoPassword')}</div>
          </div>
          <WifiHelp branding={branding} />
          {cafe.receiptFooter ? <footer>{slipFooter(cafe.receiptFooter, t)}</footer> : null}
        </article>
      </div>
    </aside>
  );
}
