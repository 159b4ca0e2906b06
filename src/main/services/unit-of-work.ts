/**
 * The unit of work: every service write runs through `run`, which opens one SQLite
 * transaction, lets the work note what it changed (sessions, queued Disconnect/CoA
 * requests, events to send), and only once the transaction has committed announces it:
 * the noted events in order, the changed sessions' views, then a wake-up for the
 * Disconnect/CoA sender. A unit that throws rolls back and announces nothing, so a
 * screen or a router never hears of a change that was not stored.
 *
 * Committed is not yet on disk (the flush runs off the event loop, store.durable()): what
 * leaves the app waits for it — the API's and the webhooks' answers (api/dispatcher.ts,
 * lan/server.ts), the routers' replies, the Disconnect sender (coa/worker.ts). The
 * announcements of a till's unit go out at the commit (in-process state such as the RADIUS
 * router list must follow at once; screens show what is committed, as a read would).
 */
import type { CoreEventName, CoreEvents } from '../../shared/events';
import type { Store } from '../db/store';
import type { EventBus } from '../events';
import type { Logger } from '../log';

/** What a unit of work changed, noted while it runs and announced after its commit. */
export interface Changes {
  /** Sessions whose view changed (a `sessions.updated` batch follows the commit). */
  sessions(ids: number | Iterable<number>): void;
  /** Disconnect/CoA requests were put in the outbox: the sender is woken after the commit. */
  queued(): void;
  /** An event to send after the commit (build its payload inside the unit: it is what was committed). */
  emit<K extends CoreEventName>(type: K, payload: CoreEvents[K]): void;
  /** Work to do after the commit, in order with the events (an in-memory copy to refresh, say). */
  after(effect: () => void): void;
}

export interface RunOptions {
  /**
   * Announce only once the commit is on disk (store.durable()), nothing if the disk fails:
   * for the RADIUS side's units, whose caller answers a router after the same flush.
   * Ignored inside another unit.
   */
  announceOnDisk?: boolean;
}

export interface UnitOfWork {
  /**
   * Runs `work` in one transaction and announces its changes after the commit; throws what
   * `work` (or the commit) threw, with nothing stored and nothing announced. Inside another
   * unit it runs in a savepoint: if it throws, only its own writes and notes are undone,
   * and the enclosing unit announces the rest after its commit.
   */
  run<T>(work: (changes: Changes) => T, options?: RunOptions): T;
  /** The changes of the unit running now; throws outside one (a session move must be part of a transaction). */
  current(): Changes;
}

export interface UnitOfWorkDeps {
  store: Pick<Store, 'tx' | 'durable' | 'db'>;
  events: Pick<EventBus, 'emit' | 'sessionsChanged'>;
  /** Called after a commit that queued Disconnect/CoA requests (the sender's wake-up). */
  outboxChanged: () => void;
  log: Pick<Logger, 'error'>;
}

class Collected implements Changes {
  readonly sessionIds = new Set<number>();
  readonly effects: (() => void)[] = [];
  wake = false;

  constructor(private readonly events: UnitOfWorkDeps['events']) {}

  sessions(ids: number | Iterable<number>): void {
    if (typeof ids === 'number') this.sessionIds.add(ids);
    else for (const id of ids) this.sessionIds.add(id);
  }

  queued(): void {
    this.wake = true;
  }

  emit<K extends CoreEventName>(type: K, payload: CoreEvents[K]): void {
    this.effects.push(() => this.events.emit(type, payload));
  }

  after(effect: () => void): void {
    this.effects.push(effect);
  }

  /** Takes over a finished savepoint's notes. */
  absorb(inner: Collected): void {
    this.sessions(inner.sessionIds);
    this.effects.push(...inner.effects);
    this.wake ||= inner.wake;
  }
}

/** Creates the unit of work over the store, the event bus and the outbox sender's wake-up. */
export function createUnitOfWork(d: UnitOfWorkDeps): UnitOfWork {
  // better-sqlite3 is synchronous: a unit runs to its end before anything else does, so one stack suffices.
  const open: Collected[] = [];

  // After the commit the work is stored: an announcement that fails is logged, never thrown
  // (the caller would take a stored sale or report for a failed one), and the rest still go out.
  const safely = (what: string, effect: () => void) => {
    try {
      effect();
    } catch (err) {
      d.log.error(`unit of work: ${what} failed after the commit (the change is stored)`, { err });
    }
  };
  const announce = (c: Collected) => {
    for (const effect of c.effects) safely('an announcement', effect);
    if (c.sessionIds.size) safely('announcing the changed sessions', () => d.events.sessionsChanged(c.sessionIds));
    if (c.wake) safely('waking the Disconnect/CoA sender', d.outboxChanged);
  };

  return {
    run<T>(work: (changes: Changes) => T, options: RunOptions = {}): T {
      const outer = open.at(-1);
      // SQLite rolls a whole transaction back on some errors (disk full, I/O): the enclosing unit is
      // then dead, and this one would otherwise run, and commit, as a transaction of its own.
      if (outer && !d.store.db.inTransaction) throw new Error('unit of work: the enclosing transaction was rolled back by the database; nothing more can join it');
      const changes = new Collected(d.events);
      open.push(changes);
      let result: T;
      try {
        // Nested, store.tx is a savepoint (better-sqlite3): rolled back alone when it throws.
        result = d.store.tx(() => work(changes));
      } finally {
        open.pop();
      }
      if (outer) outer.absorb(changes);
      else if (options.announceOnDisk) {
        // Not on disk yet: nothing leaves the app (a Disconnect to a router, an event to a screen) before it is.
        d.store.durable().then(
          () => announce(changes),
          (err: unknown) => d.log.error('unit of work: changes not announced: the disk did not confirm them', { err }),
        );
      } else announce(changes);
      return result;
    },

    current(): Changes {
      const c = open.at(-1);
      if (!c) throw new Error('unit of work: a session change was made outside a transaction');
      return c;
    },
  };
}
