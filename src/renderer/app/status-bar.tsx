import { useState } from 'react';
import type { RadiusStatus } from '../../shared/domain';
import { RefusedPaymentsDialog } from '../features/reports/refused-payments';
import { useT, type Translate } from '../i18n';
import { formatTime, useMoney } from '../lib/format';
import { useNow } from '../stores/clock';
import { useSignIn } from '../stores/sign-in';
import { useData } from '../stores/data';

const RECENT_MS = 5 * 60_000;
const SWITCH_FLAG_MS = 60 * 60_000;

interface Item {
  /** true: fine (green); false: a problem (red); null: neither (grey). */
  ok: boolean | null;
  text: string;
  title?: string;
}

/** The RADIUS server in the cashier's words: the service customers' WiFi logins go through. */
function loginService(radius: RadiusStatus, t: Translate): Item {
  // Ports as written, not as numbers ("1812", never "1,812").
  const ports = t('app.status.radiusPorts', { auth: String(radius.authPort), acct: String(radius.acctPort) });
  if (!radius.listening) return { ok: false, text: t('app.status.loginOff'), title: radius.error ?? t('app.status.notListening') };
  if (radius.lastWriteError) return { ok: false, text: t('app.status.cannotSave'), title: t('app.status.cannotSaveTitle', { ports, error: radius.lastWriteError.message }) };
  return { ok: true, text: t('app.status.loginOn'), title: ports };
}

/** What the cashier needs to trust the WiFi at a glance: the WiFi login service, routers, the PC manager, the database, pending cuts (notices show over it: components/toasts.tsx). */
export function StatusBar() {
  const t = useT();
  const status = useData((s) => s.status);
  const radius = useData((s) => s.radius);
  const online = useSignIn((s) => s.online);
  const now = useNow();
  const money = useMoney();
  const [settling, setSettling] = useState(false);
  if (!status || !radius) {
    return (
      <footer className="statusbar" aria-label={t('app.status.label')}>
        <span className="status status-neutral">{t('app.status.connecting')}</span>
      </footer>
    );
  }
  const seen = radius.routers.filter((r) => r.lastSeenAt !== null && now - r.lastSeenAt < RECENT_MS).length;
  const items: Item[] = [
    { ok: online, text: online ? t('app.status.live') : t('app.status.reconnecting'), title: t('app.status.liveTitle') },
    loginService(radius, t),
    // A quiet router sends nothing (RADIUS only flows while customers log in or are online): not an alarm.
    { ok: seen > 0 ? true : null, text: radius.routers.length === 0 ? t('app.status.noRouter') : t('app.status.routersSeen', { seen, total: radius.routers.length }), title: t('app.status.routersSeenTitle') },
    { ok: null, text: status.webhook.lastEventAt ? t('app.status.lastPcEvent', { time: formatTime(status.webhook.lastEventAt) }) : status.webhook.listening ? t('app.status.noPcEvents') : t('app.status.pcSyncOff') },
    { ok: status.database.ok, text: status.database.ok ? t('app.status.databaseOk') : t('app.status.databaseProblem'), title: status.database.error ?? status.database.path },
  ];
  if (status.secrets.warning) items.push({ ok: false, text: t('app.status.secrets'), title: status.secrets.warning });
  if (status.backups.error) items.push({ ok: false, text: t('app.status.backupFailed'), title: status.backups.error });
  if (status.disconnects.failing > 0) items.push({ ok: false, text: t('app.status.disconnectsFailing', { count: status.disconnects.failing }) });
  // A router that did not answer a device switch's Disconnect in time (the new device was refused, the old one kept): flagged for an hour.
  for (const r of radius.routers) {
    if (r.lastSwitchUnconfirmedAt !== null && now - r.lastSwitchUnconfirmedAt < SWITCH_FLAG_MS) {
      items.push({ ok: false, text: t('app.status.switchUnconfirmed', { router: r.name }), title: t('app.status.switchUnconfirmedTitle', { router: r.name, time: formatTime(r.lastSwitchUnconfirmedAt), count: r.switchesUnconfirmed }) });
    }
  }
  // Cut off from the service, nothing here is known to be fine any more: no green until it is back.
  const shown = online ? items : items.map((i) => (i.ok ? { ...i, ok: null, title: i.title ? t('app.status.lastKnownWith', { title: i.title }) : t('app.status.lastKnown') } : i));
  return (
    <footer className="statusbar" aria-label={t('app.status.label')}>
      {shown.map((i) => (
        <span key={i.text} className={`status ${i.ok === null ? 'status-neutral' : i.ok ? 'status-ok' : 'status-bad'}`} title={i.title}>
          {i.text}
        </span>
      ))}
      {/* A customer says the coin slot took their money: what is still to settle, one tap from the list (Reports has it too). */}
      {status.refusedPayments.count > 0 ? (
        <button type="button" className="status status-bad status-action" title={t('app.status.refusedPaymentsTitle')} onClick={() => setSettling(true)}>
          {t('app.status.refusedPayments', { count: status.refusedPayments.count, amount: money(status.refusedPayments.totalMinor) })}
        </button>
      ) : null}
      {settling ? <RefusedPaymentsDialog range={{ from: 0, to: now + 86_400_000 }} openOnly onClose={() => setSettling(false)} /> : null}
    </footer>
  );
}
