/**
 * Where SQL selects by a café rule (for paging and sweeps), it must agree with the engine's
 * function for that rule. Real SQLite file, every state with and without a connected device.
 */
import { describe, expect, it } from 'vitest';
import { limitNames, sessionStates, type SessionState } from '../../src/shared/domain';
import { dueEnding } from '../../src/shared/engine/expiry';
import { USABLE_DATA_MIN_BYTES } from '../../src/shared/engine/remaining';
import { isLive, onLiveScreen, unusedCard } from '../../src/shared/engine/session-state';
import { LIMIT_COLUMNS } from '../../src/main/db/limits';
import { openStore, type Store } from '../../src/main/db/store';
import { tempDir } from '../helpers/temp';

const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);
const H = 3600_000;

function seed(store: Store) {
  const pkg = store.packages.insert(
    { name: 'p', pricing: 'fixed', priceMinor: 100, timeLimitS: 3600, validityS: null, dataLimitBytes: null, rateDownKbps: null, rateUpKbps: null, deviceLimit: 1, idleTimeoutS: null, sortOrder: 0, hotkey: null, unusedExpiryS: null },
    T0,
  );
  const router = store.routers.insert(
    { name: 'r', ip: '127.0.0.1', secret: 's', coaPort: 3799, requireMessageAuthenticator: 'auto', apiHost: null, apiPort: null, apiUser: null, apiPassword: null, apiTls: 0 } as never,
    T0,
  );
  return { pkg, router };
}

function session(
  store: Store,
  pkg: number,
  n: number,
  over: { state: SessionState; validityS?: number | null; dataLimitBytes?: number | null; used?: number; unusedExpiresAt?: number | null; firstLoginAt?: number; card?: 'unused' | 'used' },
) {
  const fields = {
    login: 'voucher', voucherCode: `c${n}`, password: 'x', mac: null, packageId: pkg, packageName: 'p',
    timeLimitS: 3600, validityS: over.validityS ?? null, dataLimitBytes: over.dataLimitBytes ?? null, rateDownKbps: null, rateUpKbps: null,
    deviceLimit: 1, idleTimeoutS: null, pcUser: null, pcStation: null, createdAt: T0, unusedExpiresAt: over.unusedExpiresAt ?? null,
  } as const;
  const card = over.card ?? (over.state === 'STOCK' ? 'unused' : undefined);
  let id: number;
  if (card) {
    const batchId = store.batches.insert({
      packageId: pkg, packageName: 'p', packageTerms: '{}', priceMinor: 100, grantedTimeS: 3600, grantedDataBytes: null, grantedValidityS: over.validityS ?? null,
      count: 1, prefix: '', mode: 'code', label: '', soldWhen: 'first-use', createdBy: store.operators.insert(`o${n}`, 'admin', 'x', T0), createdAt: T0, requestId: null,
    });
    id = store.sessions.insertCard({ ...fields, state: over.state === 'STOCK' ? 'STOCK' : 'PENDING', batchId });
    if (over.state === 'STOCK') return id;
  } else {
    id = store.sessions.insert(fields);
  }
  if (over.state !== 'PENDING' && card !== 'unused') store.sessions.activate(id, over.firstLoginAt ?? T0 + 60_000);
  if (over.used) store.sessions.addUsage(id, { bytesIn: over.used, bytesOut: 0, timeS: 60 }, T0 + 120_000);
  if (over.state === 'EXPIRED' || over.state === 'TERMINATED') store.sessions.end(id, over.state, T0 + 180_000, 'test');
  return id;
}

describe('SQL agrees with the engine', () => {
  it('the live list (ON_SCREEN) holds exactly the sessions onLiveScreen says belong there', () => {
    const { store } = openStore(tempDir(), () => T0);
    const { pkg, router } = seed(store);
    const expected: number[] = [];
    let n = 0;
    // Counter vouchers, and cards of a batch both unused (in stock, sold at generation, voided unused) and used.
    const kinds = (state: SessionState) => (state === 'STOCK' ? (['unused'] as const) : state === 'ACTIVE' ? ([undefined, 'used'] as const) : ([undefined, 'unused', 'used'] as const));
    for (const state of sessionStates) {
      for (const card of kinds(state)) {
        if (state === 'PENDING' && card === 'used') continue;
        for (const connected of [false, true]) {
          const id = session(store, pkg, n++, { state, card });
          if (connected) store.connections.insert({ sessionId: id, routerId: router, acctSessionId: `a${n}`, userName: `c${n}`, mac: null, ip: null, startedAt: T0, lastUpdateAt: T0 });
          if (onLiveScreen(store.sessions.get(id)!, connected ? 1 : 0)) expected.push(id);
        }
      }
    }
    const listed = store.sessions.list({ scope: 'live', limit: 100 }).map((s) => s.id);
    expect(listed.sort((a, b) => a - b)).toEqual(expected);
    // Counter PENDING and ACTIVE, a used card ACTIVE, either way; every session still connected (a router out of step included).
    expect(expected).toHaveLength(3 * 2 + 8);
    // An unused card is on no list, but a search by its exact code finds it, in any scope.
    const stock = store.sessions.list({ scope: 'all', limit: 100 }).map((s) => s.id);
    expect(stock).not.toContain(1);
    expect(store.sessions.list({ scope: 'live', search: 'C0', limit: 100 }).map((s) => s.id)).toEqual([1]);
    expect(store.sessions.list({ scope: 'live', search: 'c', limit: 100 }).map((s) => s.id)).not.toContain(1);
    const all = store.db.prepare<[], { id: number }>('SELECT id FROM sessions').all().map((r) => store.sessions.get(r.id)!);
    expect(store.sessions.countLive()).toBe(all.filter((x) => isLive(x.state) && !unusedCard(x)).length);
    store.db.close();
  });

  it('the expiry sweep’s candidates (by due time, from memory) include every session the engine would end now', () => {
    let now = T0;
    const { store } = openStore(tempDir(), () => now);
    const { pkg, router } = seed(store);
    let n = 0;
    const cases = [
      { state: 'STOCK' as const, validityS: 3600 },
      { state: 'PENDING' as const },
      { state: 'PENDING' as const, unusedExpiresAt: T0 + 2 * H },
      { state: 'PENDING' as const, validityS: 3600 },
      { state: 'ACTIVE' as const },
      { state: 'ACTIVE' as const, validityS: 3600 },
      { state: 'ACTIVE' as const, dataLimitBytes: 1_000_000, used: 1_000_000 - USABLE_DATA_MIN_BYTES + 1 },
      { state: 'ACTIVE' as const, dataLimitBytes: 1_000_000, used: 10 },
      { state: 'EXPIRED' as const, validityS: 60 },
      // A router's report, delayed, dated the first login before the sale.
      { state: 'ACTIVE' as const, validityS: 3600, firstLoginAt: T0 - H / 2 },
    ];
    const ids = cases.map((c) => session(store, pkg, n++, c));
    store.connections.insert({ sessionId: ids[4]!, routerId: router, acctSessionId: 'open', userName: 'c3', mac: null, ip: null, startedAt: T0 + 60_000, lastUpdateAt: T0 + 60_000 });
    for (const at of [T0, T0 + H / 2, T0 + H + 61_000, T0 + 3 * H]) {
      now = at;
      const due = store.sessions.dueBy(at);
      const candidates = new Set(due.map((c) => c.session.id));
      // The sweep puts back what it did not end: so does this test, to ask again later.
      for (const id of candidates) store.sessions.recheckAt(id, at);
      const open = new Map(store.connections.allOpen().map((c) => [c.sessionId, [c.lastUpdateAt]]));
      for (const id of ids) {
        const s = store.sessions.get(id)!;
        if (dueEnding(s, open.get(id) ?? [], at)) expect(candidates, `session ${id} at +${(at - T0) / 1000}s`).toContain(id);
      }
    }
    // The engine does end some of them in this run, so the check above is not empty.
    expect(dueEnding(store.sessions.get(ids[2]!)!, [], T0 + 3 * H)).toEqual({ event: 'never_used', expiry: 'unused' });
    expect(dueEnding(store.sessions.get(ids[5]!)!, [], T0 + 3 * H)).toEqual({ event: 'limit_reached', expiry: 'validity' });
    expect(dueEnding(store.sessions.get(ids[6]!)!, [], T0)).toEqual({ event: 'limit_reached', expiry: 'data' });
    expect(dueEnding(store.sessions.get(ids[4]!)!, [T0 + 60_000], T0 + H + 61_000)).toEqual({ event: 'limit_reached', expiry: 'time' });
    expect(dueEnding(store.sessions.get(ids[9]!)!, [], T0 + H / 2)).toEqual({ event: 'limit_reached', expiry: 'validity' });
    // A card in stock is not sold: nothing of it runs, however long it waits.
    expect(dueEnding(store.sessions.get(ids[0]!)!, [], T0 + 3 * H)).toBeNull();
    store.db.close();
  });

  it('every limit field has one column, and the columns exist in both tables', () => {
    const { store } = openStore(tempDir(), () => T0);
    for (const table of ['packages', 'sessions']) {
      const cols = new Set(store.db.prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`).all().map((c) => c.name));
      for (const field of limitNames) expect(cols, `${table}.${LIMIT_COLUMNS[field]}`).toContain(LIMIT_COLUMNS[field]);
    }
    store.db.close();
  });
});
