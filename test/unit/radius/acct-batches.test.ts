/**
 * The accounting pipeline's transactions: a backlog is applied in transactions of at most 32
 * reports, one per event-loop turn (logins are answered in between), and the reports are
 * answered only after a flush of the WAL that began after their commit. While logins wait to
 * be read, the next transaction waits for them, a few milliseconds at most.
 */
import type { RemoteInfo } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RouterRow } from '../../../src/main/db/routers';
import { createLogger } from '../../../src/main/log';
import { createAcctHandler } from '../../../src/main/radius/acct-server';
import type { RouterRegistry } from '../../../src/main/radius/clients';
import { encodePacket } from '../../../src/main/radius/codec';
import { Code } from '../../../src/main/radius/dictionary';
import { GIVE_WAY_MAX_MS } from '../../../src/main/radius/logins-first';
import { createStats } from '../../../src/main/radius/stats';
import type { AcctEntry } from '../../../src/main/services/accounting';

const router = { id: 1, name: 'hAP', ip: '127.0.0.1', secret: 'testing123' } as RouterRow;
const registry = { byIp: (ip: string) => (ip === router.ip ? router : undefined) } as unknown as RouterRegistry;
const from = { address: '127.0.0.1', port: 40000, family: 'IPv4', size: 0 } as RemoteInfo;
const report = (id: number) =>
  encodePacket({ code: Code.AccountingRequest, identifier: id & 0xff, secret: router.secret, messageAuthenticator: false, attributes: [['Acct-Status-Type', 'Interim-Update'], ['Acct-Session-Id', `s-${id}`], ['User-Name', 'abc'], ['Acct-Input-Octets', id]] });
const turn = () => new Promise((r) => setImmediate(r));

/** An accounting handler whose transactions and flushes the test sees (each flush waits for the test). */
function handler(loginsWaiting?: () => boolean) {
  const batches: number[] = [];
  const flushes: (() => void)[] = [];
  const acct = createAcctHandler({
    registry,
    stats: createStats(),
    now: () => 1_000,
    log: createLogger(() => {}, 'error'),
    accounting: {
      applyBatch: (batch: readonly AcctEntry[]) => (batches.push(batch.length), { committed: true, results: batch.map(() => ({ ok: true as const, unknownSession: false })) }),
      durable: () => new Promise<void>((done) => flushes.push(done)),
    },
    committed: () => {},
    writeFailed: () => {},
    loginsWaiting,
  });
  return { acct, batches, flushes };
}

describe('accounting transactions', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a backlog of 200 reports goes in transactions of at most 32, one per event-loop turn, answered after the flush that follows them', async () => {
    const { acct, batches, flushes } = handler();
    const answered: number[] = [];
    // 200 datagrams from different source ports (not duplicates of each other).
    for (let i = 0; i < 200; i++) acct.handle(report(i), { ...from, port: 40000 + i }, (r) => answered.push(r[1]!));
    await turn();
    expect(batches).toEqual([32]);
    await turn();
    expect(batches).toEqual([32, 32]);
    for (let i = 0; i < 5; i++) await turn();
    expect(batches).toEqual([32, 32, 32, 32, 32, 32, 8]);
    // One flush began after the first transaction; nothing is answered before it returns.
    expect(flushes).toHaveLength(1);
    expect(answered).toHaveLength(0);
    flushes[0]!();
    await turn();
    // It covers the first transaction only; the next flush covers the six committed during it.
    expect(answered).toHaveLength(32);
    expect(flushes).toHaveLength(2);
    flushes[1]!();
    await turn();
    expect(answered).toHaveLength(200);
  });

  it('while logins wait to be read, the next transaction waits for them, at most a few milliseconds in a row', async () => {
    // The clock the gate reads stands still unless the test moves it; event-loop turns are real.
    vi.useFakeTimers({ toFake: ['performance'] });
    let logins = true;
    const { acct, batches } = handler(() => logins);
    for (let i = 0; i < 100; i++) acct.handle(report(i), { ...from, port: 40000 + i }, () => {});
    for (let i = 0; i < 5; i++) await turn();
    expect(batches).toEqual([]);
    // Logins still waiting, but accounting has waited long enough: one transaction, then it gives way again.
    vi.advanceTimersByTime(GIVE_WAY_MAX_MS);
    await turn();
    expect(batches).toEqual([32]);
    for (let i = 0; i < 3; i++) await turn();
    expect(batches).toEqual([32]);
    // The logins are read: the rest follows, one transaction per turn.
    logins = false;
    for (let i = 0; i < 4; i++) await turn();
    expect(batches).toEqual([32, 32, 32, 4]);
  });
});
