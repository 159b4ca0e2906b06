/**
 * PC sync: what the game-PC manager's events do. `pc.logout` ends every live session
 * linked to that PC user (TERMINATED, "PC logout") and queues the disconnect of their
 * devices; `pc.login` is recorded. Each event is applied once: its webhook-id is
 * stored in the same transaction as its effects, so a replay (even after a restart)
 * gets the first outcome back and changes nothing.
 */
import type { PcEventData, WebhookEventView } from '../../shared/domain';
import type { Actor } from '../db/audit';
import type { Store } from '../db/store';
import type { WebhookEventRow } from '../db/webhook-events';
import { newWebhookSecret } from '../pcsync/signature';
import type { Task } from '../scheduler';
import type { Lifecycle } from './lifecycle';
import type { UnitOfWork } from './unit-of-work';

const SECRET_KEY = 'pcsync.secret';
/** An occurredAt further than this from our clock is not trusted (the receipt time is used instead). */
const MAX_SKEW_MS = 24 * 3600_000;
/** A webhook-timestamp this close to our clock shows no clock offset (it is whole seconds, and the delivery took some time). */
const CLOCKS_AGREE_MS = 2000;
/** Webhook ids are kept this long to recognise a replay; a PC manager does not retry for days. */
const KEEP_EVENTS_MS = 30 * 86400_000;

export interface EventOutcome {
  id: string;
  type: string;
  /** True when this id was seen before: nothing was done again. */
  duplicate: boolean;
  /** Sessions this event ended. */
  terminated: number[];
  outcome: string;
}

export type PcSyncService = ReturnType<typeof createPcSyncService>;

export function createPcSyncService(d: { store: Store; uow: UnitOfWork; lifecycle: Lifecycle; now: () => number; unreadable?: (err: Error) => void }) {
  const { store } = d;
  const pcSync = (station: string | undefined): Actor => ({ kind: 'pc-sync', id: null, name: station ? `PC manager (${station})` : 'PC manager' });

  // Sealed at rest like the routers' secrets (store.secrets). One that cannot be unsealed
  // (the keyring is not running yet, or the database came from another PC) is kept as it
  // is, never replaced behind the café's back: webhooks are refused until it can be read
  // again or an admin makes a new one.
  const readSecret = (): string | null | 'unreadable' => {
    const row = store.settings.all().find((r) => r.key === SECRET_KEY);
    if (!row) return null;
    const stored = JSON.parse(row.value) as string;
    try {
      const plain = store.secrets.open(stored);
      if (!store.secrets.isSealed(stored)) store.settings.put(SECRET_KEY, store.secrets.seal(plain));
      return plain;
    } catch (err) {
      d.unreadable?.(err as Error);
      return 'unreadable';
    }
  };
  const found = readSecret();
  let secret: string | null =
    found === 'unreadable'
      ? null
      : (found ??
        (() => {
          const s = newWebhookSecret();
          store.settings.put(SECRET_KEY, store.secrets.seal(s));
          return s;
        })());

  const view = (r: WebhookEventRow): WebhookEventView => {
    const o = JSON.parse(r.outcome) as { terminated: number[]; pcUser: string; station: string | null };
    const who = `${o.pcUser}${o.station ? ` at ${o.station}` : ''}`;
    const did = r.type === 'pc.logout' ? (o.terminated.length ? `ended session${o.terminated.length > 1 ? 's' : ''} ${o.terminated.join(', ')}` : 'no live session to end') : 'recorded';
    return { id: r.id, type: r.type, receivedAt: r.receivedAt, occurredAt: r.occurredAt, outcome: `${who}: ${did}` };
  };

  return {
    /** The signing secret; null while the stored one cannot be read (webhooks are refused). */
    secret: () => secret,

    rotateSecret(actor: Actor): string {
      const next = newWebhookSecret();
      d.uow.run((changes) => {
        store.settings.put(SECRET_KEY, store.secrets.seal(next));
        store.audit.record(actor, { action: 'pcsync.rotate-secret', entity: 'settings', entityId: null }, d.now());
        changes.after(() => (secret = next));
      });
      return next;
    },

    recent: (limit = 20) => store.webhookEvents.recent(limit).map(view),

    lastEventAt: () => store.webhookEvents.recent(1)[0]?.receivedAt ?? null,

    /**
     * Applies a verified event once, in one transaction with its webhook-id. Sessions
     * sold after the logout happened are left alone (a late webhook must not end the
     * next customer's session). The ended sessions are announced and their disconnects
     * sent after the commit.
     */
    apply(id: string, type: 'pc.logout' | 'pc.login', data: PcEventData, payload: string, sentAt?: number): EventOutcome {
      const receivedAt = d.now();
      const stated = typeof data.occurredAt === 'number' ? data.occurredAt : Date.parse(data.occurredAt);
      // The PC manager's clock may be off (by up to the signature's 5 minutes): its time is read on this
      // PC's clock by the offset its webhook-timestamp (`sentAt`, this delivery's) shows, and what happened
      // is never later than its receipt. A clock ahead would otherwise end a session sold after the logout.
      // The timestamp is whole seconds (and the delivery took some time): an offset within that is no offset.
      const offset = sentAt === undefined ? 0 : sentAt - receivedAt;
      const ours = stated - (Math.abs(offset) <= CLOCKS_AGREE_MS ? 0 : offset);
      const occurredAt = Math.abs(ours - receivedAt) <= MAX_SKEW_MS ? Math.min(ours, receivedAt) : receivedAt;
      return d.uow.run(() => {
        const prior = store.webhookEvents.get(id);
        if (prior) {
          const terminated = (JSON.parse(prior.outcome) as { terminated?: number[] }).terminated ?? [];
          return { id, type: prior.type, duplicate: true, terminated, outcome: prior.outcome };
        }
        const terminated: number[] = [];
        if (type === 'pc.logout') {
          for (const s of store.sessions.liveByPcUser(data.pcUser)) {
            if (s.createdAt > occurredAt) continue;
            d.lifecycle.finish(s, 'ended', 'PC logout', pcSync(data.station), receivedAt);
            terminated.push(s.id);
          }
        }
        const outcome = JSON.stringify({ terminated, pcUser: data.pcUser, station: data.station ?? null });
        store.webhookEvents.insert({ id, type, receivedAt, occurredAt, payload, outcome });
        return { id, type, duplicate: false, terminated, outcome };
      });
    },

    /** Hourly: forget webhook ids old enough that no replay can come. */
    tasks: [{ name: 'webhook-retention', everyMs: 3600_000, run: () => void store.webhookEvents.prune(d.now() - KEEP_EVENTS_MS) }] satisfies Task[],
  };
}
