import type { RadiusStatus } from '../../shared/domain';
import { formatTime } from '../lib/format';
import { useNow } from '../stores/clock';
import { useSignIn } from '../stores/sign-in';
import { useData } from '../stores/data';

const RECENT_MS = 5 * 60_000;

interface Item {
  /** true: fine (green); false: a problem (red); null: neither (grey). */
  ok: boolean | null;
  text: string;
  title?: string;
}

/** The RADIUS server in the cashier's words: the service customers' WiFi logins go through. */
function loginService(radius: RadiusStatus): Item {
  const ports = `RADIUS: logins on UDP port ${radius.authPort}, accounting on ${radius.acctPort}`;
  if (!radius.listening) return { ok: false, text: 'WiFi login service: off', title: radius.error ?? 'Not listening for the routers' };
  if (radius.lastWriteError) return { ok: false, text: 'WiFi login service: cannot save usage', title: `${ports}. Cannot save accounting: ${radius.lastWriteError.message}` };
  return { ok: true, text: 'WiFi login service: on', title: ports };
}

/** What the cashier needs to trust the WiFi at a glance: the WiFi login service, routers, the PC manager, the database, pending cuts (notices show over it: components/toasts.tsx). */
export function StatusBar() {
  const status = useData((s) => s.status);
  const radius = useData((s) => s.radius);
  const online = useSignIn((s) => s.online);
  const now = useNow();
  if (!status || !radius) {
    return (
      <footer className="statusbar" aria-label="Status">
        <span className="status status-neutral">Connecting…</span>
      </footer>
    );
  }
  const seen = radius.routers.filter((r) => r.lastSeenAt !== null && now - r.lastSeenAt < RECENT_MS).length;
  const items: Item[] = [
    { ok: online, text: online ? 'Live' : 'Reconnecting…', title: 'The live update stream from the service' },
    loginService(radius),
    // A quiet router sends nothing (RADIUS only flows while customers log in or are online): not an alarm.
    { ok: seen > 0 ? true : null, text: radius.routers.length === 0 ? 'No router added' : `Routers seen: ${seen}/${radius.routers.length}`, title: 'Routers that sent RADIUS in the last 5 minutes' },
    { ok: null, text: status.webhook.lastEventAt ? `Last PC event ${formatTime(status.webhook.lastEventAt)}` : status.webhook.listening ? 'No PC events yet' : 'PC sync off' },
    { ok: status.database.ok, text: status.database.ok ? 'Database OK' : 'Database problem', title: status.database.error ?? status.database.path },
  ];
  if (status.secrets.warning) items.push({ ok: false, text: 'Secrets not protected', title: status.secrets.warning });
  if (status.backups.error) items.push({ ok: false, text: 'Backup failed', title: status.backups.error });
  if (status.disconnects.failing > 0) items.push({ ok: false, text: `${status.disconnects.failing} disconnect${status.disconnects.failing > 1 ? 's' : ''} failing` });
  // Cut off from the service, nothing here is known to be fine any more: no green until it is back.
  const shown = online ? items : items.map((i) => (i.ok ? { ...i, ok: null, title: `Last known, before the connection was lost${i.title ? `. ${i.title}` : ''}` } : i));
  return (
    <footer className="statusbar" aria-label="Status">
      {shown.map((i) => (
        <span key={i.text} className={`status ${i.ok === null ? 'status-neutral' : i.ok ? 'status-ok' : 'status-bad'}`} title={i.title}>
          {i.text}
        </span>
      ))}
    </footer>
  );
}
