/** The unit of work on a real SQLite file: announce after the commit, never after a rollback; a savepoint undoes only itself. */
import { describe, expect, it, onTestFinished } from 'vitest';
import { openStore } from '../../../src/main/db/store';
import { createUnitOfWork } from '../../../src/main/services/unit-of-work';
import { tempDir } from '../../helpers/temp';

function setup(flushWal?: () => Promise<void>) {
  const { store } = openStore(tempDir(), () => 1_000, { flushWal });
  onTestFinished(() => void store.db.close());
  const log: string[] = [];
  const uow = createUnitOfWork({
    store,
    events: { emit: (type) => log.push(`emit ${type}`), sessionsChanged: (ids) => log.push(`sessions ${[...ids].join(',')}`) },
    outboxChanged: () => log.push('wake'),
    log: { error: (message: string) => log.push(`error ${message}`) },
  });
  const put = (key: string) => store.settings.put(key, 1);
  const keys = () => store.settings.all().map((r) => r.key).filter((k) => k.startsWith('t.')).sort();
  return { store, uow, log, put, keys };
}

describe('unit of work', () => {
  it('announces events in order, then the sessions, then the wake-up, only after the commit', () => {
    const { uow, log, put, keys } = setup();
    const result = uow.run((c) => {
      put('t.a');
      c.emit('packages.changed', {});
      c.sessions([3, 4]);
      c.sessions(3);
      c.after(() => log.push('after'));
      c.queued();
      expect(log).toEqual([]); // nothing before the commit
      return 42;
    });
    expect(result).toBe(42);
    expect(keys()).toEqual(['t.a']);
    expect(log).toEqual(['emit packages.changed', 'after', 'sessions 3,4', 'wake']);
  });

  it('an announcement that fails after the commit is logged, the rest still go out, and the result stands', () => {
    const { uow, log, put, keys } = setup();
    const result = uow.run((c) => {
      put('t.stored');
      c.after(() => {
        throw new Error('a listener broke');
      });
      c.sessions(5);
      c.queued();
      return 'sold';
    });
    expect(result).toBe('sold');
    expect(keys()).toEqual(['t.stored']);
    expect(log).toEqual(['error unit of work: an announcement failed after the commit (the change is stored)', 'sessions 5', 'wake']);
  });

  it('when the database rolls back the whole transaction (disk full), nothing joins the dead unit and nothing is half-stored', () => {
    const { store, uow, log, put, keys } = setup();
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    expect(() =>
      uow.run(() => {
        try {
          uow.run(() => store.settings.put('t.big', 'x'.repeat(200_000))); // SQLITE_FULL: SQLite rolls back everything
        } catch {
          // a failed report is dropped alone, as accounting does
        }
        uow.run(() => put('t.after'));
      }),
    ).toThrow();
    expect(keys()).toEqual([]);
    expect(log).toEqual([]);
  });

  it('rolls back and announces nothing when the work throws', () => {
    const { uow, log, put, keys } = setup();
    expect(() =>
      uow.run((c) => {
        put('t.a');
        c.sessions(1);
        c.queued();
        throw new Error('no');
      }),
    ).toThrow('no');
    expect(keys()).toEqual([]);
    expect(log).toEqual([]);
  });

  it('a nested unit is a savepoint: when it throws only its writes and notes are undone; the rest is announced once, after the outer commit', () => {
    const { uow, log, put, keys } = setup();
    uow.run((c) => {
      put('t.outer');
      c.sessions(1);
      expect(() =>
        uow.run((inner) => {
          put('t.lost');
          inner.sessions(2);
          inner.queued();
          throw new Error('bad report');
        }),
      ).toThrow('bad report');
      uow.run((inner) => {
        put('t.kept');
        inner.sessions(3);
      });
      expect(log).toEqual([]);
    });
    expect(keys()).toEqual(['t.kept', 't.outer']);
    expect(log).toEqual(['sessions 1,3']);
  });

  it('current() is the running unit, and refuses outside one', () => {
    const { uow, log } = setup();
    expect(() => uow.current()).toThrow(/outside a transaction/);
    uow.run(() => uow.current().sessions(7));
    expect(log).toEqual(['sessions 7']);
  });
});

describe('unit of work committed without waiting for the disk', () => {
  it('announces nothing (no event, no Disconnect wake-up) until the WAL flush after its commit returns; nothing at all if it fails', async () => {
    const flushes: { done: () => void; fail: (e: Error) => void }[] = [];
    const { store, uow, log } = setup(() => new Promise<void>((done, fail) => flushes.push({ done, fail })));
    const work = (key: string) => (c: Parameters<Parameters<typeof uow.run>[0]>[0]) => {
      store.settings.put(key, 1);
      c.emit('packages.changed', {});
      c.sessions(7);
      c.queued();
    };
    uow.run(work('t.a'), { announceOnDisk: true });
    // Committed (the database has it) but not announced.
    expect(store.settings.all().some((r) => r.key === 't.a')).toBe(true);
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual([]);
    flushes[0]!.done();
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual(['emit packages.changed', 'sessions 7', 'wake']);
    // A flush that fails: never announced.
    log.length = 0;
    uow.run(work('t.b'), { announceOnDisk: true });
    flushes[1]!.fail(new Error('EIO'));
    await new Promise((r) => setTimeout(r, 0));
    expect(log).toEqual([expect.stringMatching(/^error unit of work: changes not announced/)]);
  });
});
