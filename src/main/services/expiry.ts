/**
 * Scenario A from the scheduler: a session whose validity window closes, or whose
 * online time runs out, while a device is connected expires and is disconnected even
 * if the router never reports anything. (A session past its validity, or with less
 * data left than any login could use, expires with nobody connected too; there is
 * nothing to disconnect.) A voucher never used by its package's unused-voucher
 * deadline expires as "Never used". Whether each one ends is lifecycle.expireIfDue's
 * call (the engine's dueEnding); this sweep only finds the candidates.
 */
import type { Actor } from '../db/audit';
import type { Store } from '../db/store';
import { USABLE_DATA_MIN_BYTES } from '../../shared/engine/remaining';
import type { Task } from '../scheduler';
import type { Lifecycle } from './lifecycle';
import type { UnitOfWork } from './unit-of-work';

const scheduler: Actor = { kind: 'system', id: null, name: 'scheduler' };

export type ExpiryService = ReturnType<typeof createExpiryService>;

export function createExpiryService(d: { store: Store; uow: UnitOfWork; lifecycle: Pick<Lifecycle, 'expireIfDue'>; now: () => number }) {
  const { store } = d;

  /** Expires every live session that is due at `now`, in one transaction; returns the sessions ended. */
  const expireDue = (now: number): number[] =>
    d.uow.run(() => {
      const openSince = new Map<number, number[]>();
      for (const c of store.connections.allOpen()) {
        const list = openSince.get(c.sessionId);
        if (list) list.push(c.lastUpdateAt);
        else openSince.set(c.sessionId, [c.lastUpdateAt]);
      }
      const ended: number[] = [];
      for (const s of store.sessions.expiryCandidates(now, USABLE_DATA_MIN_BYTES)) {
        if (d.lifecycle.expireIfDue(s, openSince.get(s.id) ?? [], scheduler, now)) ended.push(s.id);
      }
      return ended;
    });

  return {
    expireDue,
    /** Every 3 s: the sweep. */
    tasks: [{ name: 'expiry', everyMs: 3_000, run: () => void expireDue(d.now()) }] satisfies Task[],
  };
}
