/**
 * Scenario A from the scheduler: a session whose validity window closes, or whose
 * online time runs out, while a device is connected expires and is disconnected even
 * if the router never reports anything. (A session past its validity, or with less
 * data left than any login could use, expires with nobody connected too; there is
 * nothing to disconnect.) A voucher never used by its package's unused-voucher
 * deadline expires as "Never used". Whether each one ends is lifecycle.expireIfDue's
 * call (the engine's dueEnding); this sweep only finds the candidates, by their due time
 * (the engine's earliestEnding, kept by the store).
 */
import type { Actor } from '../db/audit';
import type { Store } from '../db/store';
import type { Task } from '../scheduler';
import type { Lifecycle } from './lifecycle';
import type { UnitOfWork } from './unit-of-work';

const scheduler: Actor = { kind: 'system', id: null, name: 'scheduler' };

export type ExpiryService = ReturnType<typeof createExpiryService>;

export function createExpiryService(d: { store: Store; uow: UnitOfWork; lifecycle: Pick<Lifecycle, 'expireIfDue'>; now: () => number }) {
  const { store } = d;

  /**
   * Expires every live session that is due at `now`, in one transaction; returns the sessions
   * ended. Only the sessions whose earliest ending has come are read (the store keeps them
   * by due time), so an idle sweep costs nothing however many customers are online.
   */
  const expireDue = (now: number): number[] => {
    // Nothing due (most sweeps): no transaction, so an idle sweep writes nothing and asks nothing of the disk.
    const due = store.sessions.dueBy(now);
    if (!due.length) return [];
    // Committed without waiting for the disk (nothing answers a sweep); its Disconnects and the screens' update follow the flush.
    return d.uow.run(
      () => {
        const ended: number[] = [];
        for (const { session, openSince } of due) {
          if (d.lifecycle.expireIfDue(session, openSince, scheduler, now)) ended.push(session.id);
          // Not yet (online time counts whole seconds per device): looked at again in a second.
          else store.sessions.recheckAt(session.id, now + 1000);
        }
        return ended;
      },
      { announceOnDisk: true },
    );
  };

  return {
    expireDue,
    /** Every 3 s: the sweep. */
    tasks: [{ name: 'expiry', everyMs: 3_000, run: () => void expireDue(d.now()) }] satisfies Task[],
  };
}
