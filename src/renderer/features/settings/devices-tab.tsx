import { useState, type ReactNode } from 'react';
import { Settings, type PairedDevice, type PairingView } from '../../../shared/domain';
import type { FieldErrors } from '../../../shared/errors';
import { Ago } from '../../components/ago';
import { Button } from '../../components/button';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { CopyRow } from '../../components/copy-row';
import { Dialog } from '../../components/dialog';
import { Field, FormError, useForm } from '../../components/field';
import { LoadedView } from '../../components/loaded-view';
import { Empty, Loading } from '../../components/states';
import { TableHead } from '../../components/table-head';
import { useT } from '../../i18n';
import { formatTime } from '../../lib/format';
import { useQr } from '../../lib/qr';
import { reportError } from '../../lib/sync';
import { useLoaded } from '../../lib/use-loaded';
import { wholeNumber } from '../../lib/units';
import { allErrors } from '../../lib/validate';
import { useNow } from '../../stores/clock';
import { useData } from '../../stores/data';
import { api } from '../../stores/sign-in';
import { useUi } from '../../stores/ui';
import './devices-tab.css';

/** How often the list is read again while the tab is open (last used, a device paired elsewhere). */
const REFRESH_MS = 10_000;

export interface DevicesTabProps {
  /**
   * The API token was replaced (New API token): a browser that reaches the core with the API
   * token (serve mode, opened with the printed link) switches to the new one here, or its next
   * call is refused.
   */
  onApiTokenReplaced?: (token: string) => void;
}

/**
 * Settings → Devices: browsers paired with a code (another till PC, the owner's phone), each
 * with its own token that can be revoked at once; the UI on the café LAN for them; and a new
 * API token for scripts and the printed link.
 */
export function DevicesTab({ onApiTokenReplaced }: DevicesTabProps = {}) {
  const t = useT();
  const settings = useData((s) => s.settings);
  const [made, setMade] = useState(0);
  const loaded = useLoaded(made, () => api()['devices.list']({}), REFRESH_MS);
  const [pairing, setPairing] = useState<PairingView | null>(null);
  const [starting, setStarting] = useState(false);
  const [revoking, setRevoking] = useState<PairedDevice | null>(null);
  const reload = () => setMade((n) => n + 1);

  const startPairing = async () => {
    setStarting(true);
    try {
      setPairing(await api()['devices.startPairing']({}));
    } catch (err) {
      reportError(err);
    } finally {
      setStarting(false);
    }
  };

  return (
    <section className="devices-tab">
      <div className="section-head">
        <h2>{t('devices.title')}</h2>
        <span className="muted">{t('devices.subtitle')}</span>
        <Button kind="primary" busy={starting} onClick={() => void startPairing()}>
          {t('devices.pairDevice')}
        </Button>
      </div>
      <LoadedView loaded={loaded} what={t('devices.list.what')}>
        {(devices) => (devices.length === 0 ? <Empty title={t('devices.list.empty')}>{t('devices.list.emptyHint')}</Empty> : <DeviceTable devices={devices} onRevoke={setRevoking} />)}
      </LoadedView>
      <div className="general devices-sections">
        {settings ? <LanSection settings={settings} /> : <Loading what={t('devices.lan.what')} />}
        {/* The desktop app's window needs no API token: serve mode has one. */}
        {window.iwas ? null : <ApiTokenSection onReplaced={onApiTokenReplaced} />}
      </div>
      {pairing ? (
        <PairDialog
          pairing={pairing}
          onNewCode={setPairing}
          onClose={() => {
            setPairing(null);
            reload();
          }}
        />
      ) : null}
      {revoking ? (
        <ConfirmDialog
          title={t('devices.revoke.title', { name: revoking.name })}
          confirm={t('devices.revoke.confirm')}
          cancel={t('devices.revoke.cancel')}
          onClose={() => {
            setRevoking(null);
            reload();
          }}
          onConfirm={async () => {
            await api()['devices.revoke']({ id: revoking.id });
            useUi.getState().toast('ok', t('devices.revoke.done', { name: revoking.name }));
          }}
        >
          <p className="devices-wrap">{t('devices.revoke.body')}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** The paired browsers, newest first; a revoked one stays in the list, marked. */
function DeviceTable({ devices, onRevoke }: { devices: PairedDevice[]; onRevoke: (d: PairedDevice) => void }) {
  const t = useT();
  return (
    <div className="scroll-table devices-table">
      <table className="plain-table" aria-label={t('devices.list.label')}>
        <TableHead columns={[t('devices.list.name'), t('devices.list.pairedAt'), t('devices.list.lastUsed'), t('devices.list.lastAddress'), '']} />
        <tbody>
          {devices.map((d) => (
            <tr key={d.id} className={d.revokedAt !== null ? 'row-retired' : undefined}>
              <td className="devices-name">{d.name}</td>
              <td>{formatTime(d.pairedAt)}</td>
              <td>
                <Ago at={d.lastUsedAt} />
              </td>
              <td className="mono">{d.lastAddress ?? <span className="muted">–</span>}</td>
              <td className="row-actions">
                <div>
                  {d.revokedAt !== null ? (
                    <span className="devices-revoked" title={formatTime(d.revokedAt)}>
                      {t('devices.list.revoked')}
                    </span>
                  ) : (
                    <Button kind="ghost" size="sm" className="btn-end" onClick={() => onRevoke(d)} aria-label={t('devices.list.revokeNamed', { name: d.name })}>
                      {t('devices.list.revoke')}
                    </Button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const loopback = /^[a-z]+:\/\/(localhost|127\.[\d.]+|\[::1\])(:|\/|$)/i;

/** Minutes and seconds: "4:05". */
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/**
 * A pairing code, large, for the admin to read out or the other device to scan: the QR of the
 * LAN address (with the code in it), the addresses to copy, and how long the code is valid.
 * It watches the list, and says so when a device has paired with it.
 */
function PairDialog({ pairing, onNewCode, onClose }: { pairing: PairingView; onNewCode: (p: PairingView) => void; onClose: () => void }) {
  const t = useT();
  const now = useNow();
  const [started] = useState(() => Date.now());
  const [renewing, setRenewing] = useState(false);
  // Who paired since the dialog opened (the list, read every 2 s while it is open).
  const watched = useLoaded(pairing.code, () => api()['devices.list']({}), 2000);
  const paired = watched.data?.find((d) => d.pairedAt >= started - 5000 && d.revokedAt === null && d.pairedAt <= pairing.expiresAt) ?? null;
  const lan = pairing.urls.find((u) => !loopback.test(u)) ?? null;
  const target = lan ?? pairing.urls[0] ?? null;
  const qr = useQr(target);
  const left = Math.max(0, Math.ceil((pairing.expiresAt - now) / 1000));

  const renew = async () => {
    setRenewing(true);
    try {
      onNewCode(await api()['devices.startPairing']({}));
    } catch (err) {
      reportError(err);
    } finally {
      setRenewing(false);
    }
  };

  return (
    <Dialog
      title={t('devices.pair.title')}
      onClose={onClose}
      wide
      closeOnBackdrop={false}
      footer={
        <Button kind="primary" size="lg" data-autofocus onClick={onClose}>
          {t('common.done')}
        </Button>
      }
    >
      <p className="devices-wrap">{t('devices.pair.steps')}</p>
      <div className="pairing">
        <div className="pairing-code-box">
          <div className="pairing-code mono" aria-label={t('devices.pair.codeLabel')}>
            {pairing.code}
          </div>
          {paired ? (
            <p className="pairing-done" role="status">
              {t('devices.pair.paired', { name: paired.name })}
            </p>
          ) : left > 0 ? (
            <p className="pairing-left" role="timer" aria-live="off">
              {t('devices.pair.validFor', { time: clock(left) })}
            </p>
          ) : (
            <div className="pairing-expired" role="alert">
              <p>{t('devices.pair.expired')}</p>
              <Button kind="primary" busy={renewing} onClick={() => void renew()}>
                {t('devices.pair.newCode')}
              </Button>
            </div>
          )}
        </div>
        {target ? <div className="pairing-qr">{qr ? <img src={qr} alt={t('devices.pair.qr', { url: target })} /> : null}</div> : null}
      </div>
      <h3 className="pairing-urls-title">{t('devices.pair.addresses')}</h3>
      <div className="pairing-urls">
        {pairing.urls.map((u) => (
          <CopyRow key={u} text={u} what={t('devices.pair.address')} />
        ))}
      </div>
      {lan ? null : <p className="muted small devices-wrap">{t('devices.pair.noLan')}</p>}
    </Dialog>
  );
}

/** The UI on the café LAN, for paired devices only: on or off, the address to listen on and the port. */
function LanSection({ settings }: { settings: Settings }) {
  const t = useT();
  const [enabled, setEnabled] = useState(settings.lan.enabled);
  const [address, setAddress] = useState(settings.lan.address);
  const [port, setPort] = useState(String(settings.lan.port));
  const form = useForm();

  const save = () =>
    form.submit(async () => {
      // A port the form cannot read stands in as a valid one, so the core's schema reports only the other problems.
      const own: FieldErrors = {};
      const p = wholeNumber(port);
      if (typeof p === 'object') own['lan.port'] = p.error;
      const lan = { enabled, address: address.trim(), port: typeof p === 'number' ? p : settings.lan.port };
      const errors = allErrors(Settings.pick({ lan: true }), { lan }, own);
      if (Object.keys(errors).length) return form.set(errors);
      const saved = await api()['settings.update']({ lan });
      useData.getState().setSettings(saved);
      setEnabled(saved.lan.enabled);
      setAddress(saved.lan.address);
      setPort(String(saved.lan.port));
      useUi.getState().toast('ok', t('devices.lan.saved'));
    });

  const shownAddress = address.trim() || t('devices.lan.thisPcAddress');
  const shownPort = port.trim() || String(settings.lan.port);
  return (
    <Section legend={t('devices.lan.legend')} onSubmit={() => void save()}>
      <label className="checkbox">
        <input type="checkbox" role="switch" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} aria-describedby="devices-lan-hint" /> {t('devices.lan.switch')}
      </label>
      <div className="form-grid devices-lan-grid">
        <Field label={t('devices.lan.address')} error={form.errors['lan.address']} hint={t('devices.lan.addressHint')}>
          {(p) => <input {...p} className="mono" inputMode="decimal" value={address} onChange={(e) => setAddress(e.target.value)} placeholder={t('devices.lan.addressPlaceholder')} />}
        </Field>
        <Field label={t('devices.lan.port')} error={form.errors['lan.port']}>
          {(p) => <input {...p} className="mono" inputMode="numeric" value={port} onChange={(e) => setPort(e.target.value)} />}
        </Field>
      </div>
      <p id="devices-lan-hint" className="muted small devices-wrap">
        {t('devices.lan.hint', { url: `http://${shownAddress}:${shownPort}/` })}
      </p>
      <LanState />
      <FormError message={form.general ?? form.errors['lan.enabled'] ?? form.errors.lan ?? null} />
      <div className="form-actions">
        <Button kind="primary" type="submit" busy={form.busy}>
          {t('common.save')}
        </Button>
      </div>
    </Section>
  );
}

/** Where the LAN UI is served now, or why it is not (a port taken, no LAN address): read again after a save. */
function LanState() {
  const t = useT();
  const version = useData((s) => s.settings);
  const state = useLoaded(version, () => api()['devices.lanStatus']({}), 5_000);
  if (!state.data) return null;
  const { url, error } = state.data;
  if (error) return <p className="form-error devices-wrap" role="alert">{t('devices.lan.stateError', { error })}</p>;
  return <p className="muted small devices-wrap" role="status">{url ? t('devices.lan.stateOn', { url }) : t('devices.lan.stateOff')}</p>;
}

/** A new API token (serve mode's printed link, scripts): behind a confirm, shown once. */
function ApiTokenSection({ onReplaced }: { onReplaced: ((token: string) => void) | undefined }) {
  const t = useT();
  const [confirming, setConfirming] = useState(false);
  const [token, setToken] = useState<string | null>(null);
  return (
    <Section legend={t('devices.apiToken.legend')}>
      <p className="devices-wrap">{t('devices.apiToken.about')}</p>
      <div className="form-actions">
        <Button kind="plain" onClick={() => setConfirming(true)}>
          {t('devices.apiToken.new')}
        </Button>
      </div>
      {confirming ? (
        <ConfirmDialog
          title={t('devices.apiToken.confirmTitle')}
          confirm={t('devices.apiToken.confirm')}
          cancel={t('devices.apiToken.cancel')}
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            const r = await api()['devices.newApiToken']({});
            setToken(r.token);
            onReplaced?.(r.token);
          }}
        >
          <p className="devices-wrap">{t('devices.apiToken.confirmBody')}</p>
        </ConfirmDialog>
      ) : null}
      {token ? (
        <Dialog
          title={t('devices.apiToken.shownTitle')}
          onClose={() => setToken(null)}
          // A stray tap beside it would lose a token that is never shown again.
          closeOnBackdrop={false}
          footer={
            <Button kind="primary" size="lg" onClick={() => setToken(null)}>
              {t('common.done')}
            </Button>
          }
        >
          <p className="devices-warning devices-wrap" role="alert">
            {t('devices.apiToken.once')}
          </p>
          <CopyRow text={token} what={t('devices.apiToken.what')} />
        </Dialog>
      ) : null}
    </Section>
  );
}

/** A titled part of the tab; with `onSubmit`, a form that saves on its own (Enter or its Save button). */
function Section({ legend, onSubmit, children }: { legend: string; onSubmit?: () => void; children: ReactNode }) {
  const body = (
    <fieldset>
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
  if (!onSubmit) return body;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {body}
    </form>
  );
}
