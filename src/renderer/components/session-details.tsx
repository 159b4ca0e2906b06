import { useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import type { SessionDetail } from '../../shared/contract';
import { sessionStates, type SessionState } from '../../shared/domain';
import { formatBytes, formatDuration } from '../../shared/format';
import { describeLimits, formatTime, useMoney } from '../lib/format';
import { useLoaded } from '../lib/use-loaded';
import { api } from '../stores/sign-in';
import { useData } from '../stores/data';
import { useUi } from '../stores/ui';
import { Button } from './button';
import { Dialog } from './dialog';
import { Field, FormError, useForm } from './field';
import { LoadedView } from './loaded-view';
import { useReprint } from './reprint';
import { paidWith, paymentLabel } from './payment-chips';
import { StatePill } from './state-pill';
import { isLive } from '../../shared/engine/session-state';
import { useT, type MessageId, type Translate } from '../i18n';

/** Everything about one session: its credentials, devices and their connections, sales, the audit trail, the PC link; reprint its slip. */
export function SessionDetails({ id, onClose }: { id: number; onClose: () => void }) {
  // Reloaded when this session changes (a live one is replaced in the mirror on each update).
  const t = useT();
  const live = useData((s) => s.sessions.get(id));
  const loaded = useLoaded(live, () => api()['sessions.get']({ id }));
  const detail = loaded.data;
  const money = useMoney();
  const [pcUser, setPcUser] = useState<string | null>(null);
  const form = useForm();
  const slip = useReprint();
  const shownPcUser = pcUser ?? detail?.pcUser ?? '';
  const link = () =>
    form.submit(async () => {
      const to = shownPcUser.trim() || null;
      await api()['sessions.linkPc']({ id, pcUser: to });
      useUi.getState().toast('ok', to ? t('components.session.linked', { user: to }) : t('components.session.unlinked'));
    });
  return (
    <>
      <Dialog title={detail ? t('components.session.title', { code: detail.voucherCode }) : t('components.session.titleLoading')} onClose={onClose} wide>
        <LoadedView loaded={loaded} what={t('components.session.what')}>{(detail) => (
          <div className="details">
            <div className="details-summary">
              <StatePill state={detail.state} online={detail.devices.length > 0} />
              <strong>{detail.packageName}</strong>
              <span>{describeLimits(detail, t)}</span>
              <span>{t('components.session.used', { data: formatBytes(detail.bytesIn + detail.bytesOut), time: formatDuration(detail.timeUsedS) })}</span>
              {detail.endReason ? <span className="muted">{t('components.session.ended', { reason: detail.endReason })}</span> : null}
              {detail.sourceName !== null ? <span className="tag tag-source">{sourceLabel(detail, t)}</span> : null}
              {detail.batchId !== null ? <span className="muted">{t('components.session.batch', { batch: detail.batchId, stock: detail.state === 'STOCK' ? 'yes' : 'no' })}</span> : null}
            </div>
            <Credentials detail={detail} reprint={slip} />
            {isLive(detail.state) ? (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  void link();
                }}
              >
                <Field label={t('components.session.pcUser')} error={form.errors.pcUser}>
                  {(p) => <input {...p} value={shownPcUser} onChange={(e) => setPcUser(e.target.value)} />}
                </Field>
                <Button kind="plain" type="submit" busy={form.busy}>
                  {t('components.session.saveLink')}
                </Button>
              </form>
            ) : null}
            {isLive(detail.state) ? (
              <FormError message={form.general} />
            ) : null}
            <h3>{t('components.session.connections')}</h3>
            <table className="plain-table">
              <thead>
                <tr><th>{t('components.label.device')}</th><th>{t('components.session.col.router')}</th><th>{t('components.range.from')}</th><th>{t('components.range.to')}</th><th>{t('components.session.col.data')}</th><th>{t('components.session.col.ended')}</th></tr>
              </thead>
              <tbody>
                {detail.connections.map((c) => (
                  <tr key={c.id}>
                    <td className="mono">{c.mac} <span className="muted">{c.ip}</span></td>
                    <td>{c.routerName}</td>
                    <td>{formatTime(c.startedAt)}</td>
                    <td>{c.endedAt ? formatTime(c.endedAt) : t('components.session.online')}</td>
                    <td>{formatBytes(c.bytesIn + c.bytesOut)}</td>
                    <td>{c.endCause ?? (c.disconnect === 'failed' ? t('components.session.disconnectFailed', { error: c.disconnectError ?? '' }) : '')}</td>
                  </tr>
                ))}
                {detail.connections.length === 0 ? <tr><td colSpan={6} className="muted">{t('components.session.noDevice')}</td></tr> : null}
              </tbody>
            </table>
            <h3>{t('components.session.sales')}</h3>
            <table className="plain-table">
              <tbody>
                {detail.sales.map((s) => (
                  <tr key={s.id}>
                    <td>#{s.id}</td><td>{t(`history.kind.${s.kind}`)}</td><td>{s.packageName}</td><td>{money(s.priceMinor)}</td>
                    <td>
                      {paidWith(s, t)}
                      {s.paymentRef ? <span className="muted mono"> {t('components.session.ref', { ref: s.paymentRef })}</span> : null}
                    </td>
                    <td>{s.operatorName}</td><td>{formatTime(s.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <h3>{t('components.session.history')}</h3>
            <ul className="audit">
              {detail.audit.map((a) => (
                <li key={a.id}>
                  <span className="muted">{formatTime(a.at)}</span> {a.actorName}: {eventLabel(a.action, t)}
                  {a.toState ? <> → {isSessionState(a.toState) ? <StatePill state={a.toState} /> : a.toState}</> : null}
                  {a.reason ? ` (${a.reason})` : ''}
                </li>
              ))}
            </ul>
          </div>
        )}</LoadedView>
      </Dialog>
      {slip.slip}
    </>
  );
}

/** The session's audit actions (db/audit via the services) and their labels; a test checks every action the core records has one. */
export const sessionEvents: Record<string, MessageId> = {
  'session.create': 'components.session.event.create',
  'session.activate': 'components.session.event.activate',
  'session.topup': 'components.session.event.topup',
  'session.topup-void': 'components.session.event.topup-void',
  'session.end': 'components.session.event.end',
  'session.expire': 'components.session.event.expire',
  'session.device-switch': 'components.session.event.device-switch',
  'session.device-switch-withdrawn': 'components.session.event.device-switch-withdrawn',
  'session.gate': 'components.session.event.gate',
  'session.link-pc': 'components.session.event.link-pc',
};

const isSessionState = (s: string): s is SessionState => (sessionStates as readonly string[]).includes(s);

/** What happened to the session, in the operator's words ("Topped up"); an action this UI does not know yet as the core named it. */
function eventLabel(action: string, t: Translate): string {
  const id = sessionEvents[action];
  return id ? t(id) : action.replace('session.', '');
}

/** Who sold a self-service session, as its sale was paid: "Coin slot: Door", "E-wallet: QR stand". */
function sourceLabel(detail: SessionDetail, t: Translate): string {
  const sold = detail.sales.find((s) => s.sourceId !== null);
  return sold ? `${paymentLabel(sold.paymentMethod, t)}: ${detail.sourceName}` : t('components.session.selfService', { source: detail.sourceName ?? '' });
}

/**
 * What the customer logs in with, for a lost slip: the voucher and, in code + password mode,
 * the password (shown nowhere else once the slip is closed); or the device of a MAC login.
 */
function Credentials({ detail, reprint }: { detail: SessionDetail; reprint: ReturnType<typeof useReprint> }) {
  // The sale that made the voucher (top-ups have slips of their own, in History).
  const sale = detail.sales.find((s) => s.kind === 'sale' && s.voidedBySaleId === null);
  const t = useT();
  const intl = useIntl();
  return (
    <div className="credentials">
      {detail.login === 'mac' ? (
        <span>
          {intl.formatMessage(
            { id: 'components.session.device' },
            { mac: detail.mac ?? '', b: (chunks: ReactNode[]) => <b className="mono">{chunks}</b>, muted: (chunks: ReactNode[]) => <span className="muted">{chunks}</span> },
          )}
        </span>
      ) : (
        <>
          <span>
            {t('components.label.voucher')} <b className="mono">{detail.voucherCode}</b>
          </span>
          {detail.password !== detail.voucherCode ? (
            <span>
              {t('components.label.password')} <b className="mono">{detail.password}</b>
            </span>
          ) : (
            <span className="muted">{t('components.session.samePassword')}</span>
          )}
        </>
      )}
      {sale ? (
        <Button kind="plain" size="sm" busy={reprint.busy === sale.id} onClick={() => void reprint.reprint(sale.id)}>
          {t('components.session.reprint')}
        </Button>
      ) : null}
    </div>
  );
}
