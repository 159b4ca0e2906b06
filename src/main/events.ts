/**
 * The core's change feed. Most events go out at once; session changes are coalesced:
 * ids are collected and, a short moment later, the current view of each changed
 * session is sent in one `sessions.updated` event. A subscriber that throws is
 * logged and does not affect the others.
 */
import type { SessionView } from '../shared/domain';
import type { CoreEvent, CoreEventName, CoreEvents } from '../shared/events';
import type { Logger } from './log';

export type Listener = (event: CoreEvent) => void;

export interface EventBus {
  /** Sends an event to every subscriber now. */
  emit<K extends CoreEventName>(type: K, payload: CoreEvents[K]): void;
  /** Marks sessions as changed; their views go out in the next batch. */
  sessionsChanged(ids: Iterable<number>): void;
  /** Sends the pending session batch now (tests, shutdown). */
  flush(): void;
  /** Adds a listener for every event, or only for the types given. */
  subscribe(listener: Listener, only?: readonly CoreEventName[]): () => void;
  close(): void;
}

export interface EventBusOptions {
  loadSessions: (ids: number[]) => SessionView[];
  now: () => number;
  log: Logger;
  batchMs?: number;
}

/** Creates the event bus; `loadSessions` builds the views at flush time, so a batch carries the latest state. */
export function createEventBus({ loadSessions, now, log, batchMs = 200 }: EventBusOptions): EventBus {
  const listeners = new Map<Listener, ReadonlySet<CoreEventName> | null>();
  const wants = (type: CoreEventName) => [...listeners.values()].some((only) => only === null || only.has(type));
  const dirty = new Set<number>();
  let timer: NodeJS.Timeout | null = null;
  let seq = 0;
  let closed = false;

  const deliver = (event: CoreEvent) => {
    for (const [l, only] of listeners) {
      if (only && !only.has(event.type)) continue;
      try {
        l(event);
      } catch (err) {
        log.error('a listener failed', { type: event.type, err });
      }
    }
  };

  const emit = <K extends CoreEventName>(type: K, payload: CoreEvents[K]) => {
    if (closed) return;
    deliver({ type, seq: ++seq, at: now(), ...payload } as CoreEvent);
  };

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (dirty.size === 0) return;
    const ids = [...dirty];
    dirty.clear();
    if (!wants('sessions.updated')) return;
    try {
      emit('sessions.updated', { sessions: loadSessions(ids) });
    } catch (err) {
      log.error('could not load changed sessions', { err });
    }
  };

  return {
    emit,
    sessionsChanged(ids) {
      if (closed) return;
      for (const id of ids) dirty.add(id);
      if (dirty.size > 0 && !timer) {
        timer = setTimeout(flush, batchMs);
        timer.unref();
      }
    },
    flush,
    subscribe(listener, only) {
      listeners.set(listener, only ? new Set(only) : null);
      return () => listeners.delete(listener);
    },
    close() {
      flush();
      closed = true;
      listeners.clear();
    },
  };
}
