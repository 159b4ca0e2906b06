/**
 * Scenario A from the scheduler: a session whose validity window closes, or whose
 * online time runs out, while a device is connected expires and is disconnected even
 * if the router never reports anything. (A session past its validity, or with less
 * data left than any login could use, expires with nobody connected too; there is
 * nothing to disconnect.) A voucher never used by its package's unused-voucher
 * deadline expires as "Never used".
 */
import type { Actor } from '../db/audit';
import type { Store } from '../db/store';
import { expiryReason } from '../../shared/engine/authorize';
import { remaining, USABLE_DATA_MIN_BYTES } from '../../shared/engine/remaining';
import { unusedExpired } from '../../shared/engine/session-state';
import type { Lifecycle } from './lifecycle';

const scheduler: Actor = { kind: 'system', id: null, name: 'scheduler' };

/**
 * Expires every ACTIVE session that has run out at `now` and every PENDING one past its
 * unused-voucher deadline; returns the sessions changed and whether Disconnects were queued.
 */
export function expireDue(store: Store, lifecycle: Lifecycle, now: number): { sessions: number[]; queued: boolean } {
  return store.tx(() => {
    const openSince = new Map<number, number[]>();
    for (const c of store.connections.allOpen()) {
      const list = openSince.get(c.sessionId);
      if (list) list.push(c.lastUpdateAt);
      else openSince.set(c.sessionId, [c.lastUpdateAt]);
    }
    const sessions: number[] = [];
    let queued = false;
    for (const s of store.sessions.expiryCandidates(now, USABLE_DATA_MIN_BYTES)) {
      const left = remaining(s, openSince.get(s.id) ?? [], now);
      if (!left.exhausted) continue;
      queued = lifecycle.finish(store.sessions.get(s.id)!, 'limit_reached', expiryReason(left.exhausted), scheduler, now) > 0 || queued;
      sessions.push(s.id);
    }
    for (const s of store.sessions.unusedDue(now)) {
      if (!unusedExpired(s, now)) continue;
      queued = lifecycle.finish(s, 'never_used', expiryReason('unused'), scheduler, now) > 0 || queued;
      sessions.push(s.id);
    }
    return { sessions, queued };
  });
}
