import { formatTime } from '../lib/format';
import { useNow } from '../stores/clock';
import { useConnection } from '../stores/connection';
import { useData } from '../stores/data';

const RECENT_MS = 5 * 60_000;

/** What the cashier needs to trust the WiFi at a glance: RADIUS, routers, the PC manager, the database, pending cuts. */
export function StatusBar() {
  const status = useData((s) => s.status);
  const radius = useData((s) => s.radius);
  const online = useConnection((s) => s.online);
  const now = useNow();
  if (!status || !radius) return <footer className="statusbar">Connecting…</footer>;
  const seen = radius.routers.filter((r) => r.lastSeenAt !== null && now - r.lastSeenAt < RECENT_MS).length;
  const items: { ok: boolean | null; text: string; title?: string }[] = [
    { ok: online, text: online ? 'Live' : 'Reconnecting…', title: 'The live update stream from the service' },
    radius.listening
      ? { ok: !radius.lastWriteError, text: `RADIUS ${radius.authPort}/${radius.acctPort}`, ...(radius.lastWriteError ? { title: `Cannot save accounting: ${radius.lastWriteError.message}` } : {}) }
      : { ok: false, text: 'RADIUS not listening', title: radius.error ?? '' },
    // A quiet router sends nothing (RADIUS only flows while customers log in or are online): not an alarm.
    { ok: seen > 0 ? true : null, text: radius.routers.length === 0 ? 'No router added' : `Routers seen: ${seen}/${radius.routers.length}`, title: 'Routers that sent RADIUS in the last 5 minutes' },
    { ok: null, text: status.webhook.lastEventAt ? `Last PC event ${formatTime(status.webhook.lastEventAt)}` : status.webhook.listening ? 'No PC events yet' : 'PC sync off' },
    { ok: status.database.ok, text: status.database.ok ? 'Database OK' : 'Database problem', title: status.database.error ?? status.database.path },
  ];
  if (status.secrets.warning) items.push({ ok: false, text: 'Secrets not protected', title: status.secrets.warning });
  if (status.backups.error) items.push({ ok: false, text: 'Backup failed', title: status.backups.error });
  if (status.disconnects.failing > 0) items.push({ ok: false, text: `${status.disconnects.failing} disconnect${status.disconnects.failing > 1 ? 's' : ''} failing` });
  return (
    <footer className="statusbar" aria-label="Status">
      {items.map((i) => (
        <span key={i.text} className={`status ${i.ok === null ? 'status-neutral' : i.ok ? 'status-ok' : 'status-bad'}`} title={i.title}>
          {i.text}
        </span>
      ))}
    </footer>
  );
}
