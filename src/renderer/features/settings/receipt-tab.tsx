import { useRef, useState } from 'react';
import { Settings } from '../../../shared/domain';
import { Brand, WifiHelp } from '../../components/brand';
import { Button } from '../../components/button';
import { Field, FormError, useForm } from '../../components/field';
import { Loading } from '../../components/states';
import { allErrors, schemaErrors } from '../../lib/validate';
import { api } from '../../stores/sign-in';
import { useData } from '../../stores/data';
import { useUi } from '../../stores/ui';
import { logoFromFile } from './logo';
import './receipt-tab.css';

type Receipt = Pick<Settings, 'cafe' | 'branding'>;
const ReceiptSettings = Settings.pick({ cafe: true, branding: true });

/** What slips, voucher cards and shift reports print: café name, logo, WiFi name, how to connect, header and footer, paper width. */
export function ReceiptTab() {
  const settings = useData((s) => s.settings);
  return settings ? <ReceiptForm settings={settings} /> : <Loading what="settings" />;
}

function ReceiptForm({ settings }: { settings: Settings }) {
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
      useUi.getState().toast('ok', 'Receipt saved');
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
          <legend>Café and paper</legend>
          <div className="form-grid">
            <Field label="Café name" error={e['cafe.name']} hint="At the top of every slip, card and shift report">
              {(p) => <input {...p} value={d.cafe.name} onChange={(ev) => cafe({ name: ev.target.value })} />}
            </Field>
            <Field label="Receipt printer paper" error={e['cafe.receiptWidthMm']}>
              {(p) => (
                <select {...p} value={d.cafe.receiptWidthMm} onChange={(ev) => cafe({ receiptWidthMm: ev.target.value === '80' ? 80 : 58 })}>
                  <option value="58">58 mm</option>
                  <option value="80">80 mm</option>
                </select>
              )}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>Logo</legend>
          <div className={`field${logoMessage ? ' field-error' : ''}`}>
            <label htmlFor="receipt-logo">Logo (PNG or SVG, at most 1 MB)</label>
            <div className="logo-row">
              {d.branding.logo ? <img className="logo-thumb" src={d.branding.logo} alt="The logo now" /> : <span className="muted">No logo</span>}
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
                  Remove logo
                </Button>
              ) : null}
            </div>
            {logoMessage ? (
              <div id="receipt-logo-note" className="field-message" role="alert">
                {logoMessage}
              </div>
            ) : (
              <div id="receipt-logo-note" className="field-hint">
                Made smaller to fit 600×300 px and kept as a PNG; printed in black and white, about 40 mm wide on 58 mm paper
              </div>
            )}
          </div>
        </fieldset>
        <fieldset>
          <legend>WiFi</legend>
          <div className="form-grid">
            <Field label="WiFi name (SSID)" error={e['branding.ssid']} hint="Printed as “WiFi: …” next to the voucher code">
              {(p) => <input {...p} value={d.branding.ssid} maxLength={32} onChange={(ev) => branding({ ssid: ev.target.value })} placeholder="Netopia-Guest" autoComplete="off" />}
            </Field>
            <Field label="How to connect" error={e['branding.howToConnect']} hint="One short line under it">
              {(p) => <input {...p} value={d.branding.howToConnect} maxLength={160} onChange={(ev) => branding({ howToConnect: ev.target.value })} placeholder="Join the WiFi, open any page, type the code" />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>Header and footer</legend>
          <div className="form-grid">
            <Field label="Receipt header" error={e['cafe.receiptHeader']} hint="Address, opening hours…">
              {(p) => <textarea {...p} rows={2} value={d.cafe.receiptHeader} onChange={(ev) => cafe({ receiptHeader: ev.target.value })} />}
            </Field>
            <Field label="Receipt footer" error={e['cafe.receiptFooter']}>
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
            Undo changes
          </Button>
          <Button kind="primary" size="lg" busy={form.busy} disabled={reading} type="submit">
            Save receipt
          </Button>
        </div>
      </div>
      <SlipPreview receipt={d} />
    </form>
  );
}

/** The top of a voucher slip as these settings print it (at the paper width chosen, the logo in grey as on thermal paper). */
function SlipPreview({ receipt }: { receipt: Receipt }) {
  const { cafe, branding } = receipt;
  return (
    <aside className="receipt-preview" aria-label="Slip preview">
      <div className="receipt-preview-title">
        How it prints on {cafe.receiptWidthMm} mm paper <span className="muted">(sample voucher)</span>
      </div>
      <div className="slip-preview">
        <article className={`slip slip-${cafe.receiptWidthMm}`}>
          <header>
            <Brand settings={receipt} widthMm={cafe.receiptWidthMm}>
              {cafe.receiptHeader ? <div>{cafe.receiptHeader}</div> : null}
            </Brand>
          </header>
          <div className="slip-package">1 hour</div>
          <div className="slip-code">
            <div>Voucher</div>
            <b>K7M2QX</b>
            <div className="slip-small">(also the password)</div>
          </div>
          <WifiHelp branding={branding} />
          {cafe.receiptFooter ? <footer>{cafe.receiptFooter}</footer> : null}
        </article>
      </div>
    </aside>
  );
}
