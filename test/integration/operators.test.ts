import { describe, expect, it } from 'vitest';
import { createCore } from '../../src/main/core';
import { startCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';
import { caught } from '../helpers/caught';

describe('operators and access', () => {
  it('a new database needs its first admin; setup works once', async () => {
    const core = await createCore({ dataDir: tempDir() });
    try {
      expect(await core.api.call('setup.status', {}, null)).toMatchObject({ needsAdmin: true });
      const r = (await core.api.call('setup.createAdmin', { name: 'Owner', pin: '2468' }, null)) as { token: string };
      expect(await core.api.call('operators.me', {}, r.token)).toMatchObject({ name: 'Owner', role: 'admin' });
      expect((await caught(core.api.call('setup.createAdmin', { name: 'Intruder', pin: '1111' }, null))).code).toBe('conflict');
      expect(await core.api.call('setup.status', {}, null)).toMatchObject({ needsAdmin: false });
    } finally {
      await core.close();
    }
  });

  it('signed-out callers get 401, cashiers get 403 on admin methods', async () => {
    const t = await startCore();
    expect((await caught(t.core.api.call('packages.list', {}, null))).code).toBe('unauthorized');
    expect((await caught(t.core.api.call('packages.list', {}, 'made-up-token'))).code).toBe('unauthorized');
    const ben = await t.cashierToken();
    await t.call('packages.list', {}, ben);
    for (const m of ['packages.create', 'routers.list', 'settings.update', 'operators.list', 'audit.list', 'sales.void'] as const) {
      expect((await caught(t.core.api.call(m, {}, ben))).code, m).toBe('forbidden');
    }
  });

  it('hashes PINs and locks an operator out for 30 s after five wrong ones', async () => {
    const t = await startCore();
    const row = t.core.store.db.prepare('SELECT pin_hash FROM operators WHERE id = 1').get() as { pin_hash: string };
    expect(row.pin_hash).not.toContain('1234');
    for (let i = 0; i < 5; i++) expect((await caught(t.call('operators.signIn', { operatorId: 1, pin: '0000' }, null))).code).toBe('unauthorized');
    const locked = await caught(t.call('operators.signIn', { operatorId: 1, pin: '1234' }, null));
    expect(locked.code).toBe('too_many_requests');
    t.clock.advance(31_000);
    await t.call('operators.signIn', { operatorId: 1, pin: '1234' }, null);
  });

  it('guesses sent all at once are held to the same five: the right PIN among them is refused once five wrong ones lock the operator', async () => {
    const t = await startCore();
    // Nineteen wrong PINs and then the right one, all in flight together (as a script on a paired device would send them).
    const guesses = [...Array.from({ length: 19 }, () => '0000'), '1234'].map((pin) => caught(t.call('operators.signIn', { operatorId: 1, pin }, null)));
    const codes = (await Promise.all(guesses)).map((e) => e.code);
    // Two are hashed at a time, so which five come back first is the thread pool's to say; that there are five, and that the last (the right PIN) is refused, is not.
    expect(codes.filter((c) => c === 'unauthorized')).toHaveLength(5);
    expect(codes.filter((c) => c === 'too_many_requests')).toHaveLength(15);
    expect(codes[19]).toBe('too_many_requests');
    // Locked for the 30 s that five wrong PINs earn, then the right PIN works.
    expect((await caught(t.call('operators.signIn', { operatorId: 1, pin: '1234' }, null))).code).toBe('too_many_requests');
    t.clock.advance(31_000);
    await t.call('operators.signIn', { operatorId: 1, pin: '1234' }, null);
  });

  it('doubles the lock with each further round of wrong PINs (a PIN cannot be walked through from a paired phone), up to 30 minutes', async () => {
    const t = await startCore();
    const wrongRound = async () => {
      for (let i = 0; i < 5; i++) expect((await caught(t.call('operators.signIn', { operatorId: 1, pin: '0000' }, null))).code).toBe('unauthorized');
    };
    const locked = async () => (await caught(t.call('operators.signIn', { operatorId: 1, pin: '0000' }, null))).code === 'too_many_requests';
    await wrongRound();
    t.clock.advance(31_000);
    await wrongRound();
    t.clock.advance(31_000);
    expect(await locked()).toBe(true);
    t.clock.advance(30_000);
    await wrongRound();
    t.clock.advance(119_000);
    expect(await locked()).toBe(true);
    for (let round = 4; round <= 10; round++) {
      t.clock.advance(30 * 60_000 + 1);
      await wrongRound();
    }
    t.clock.advance(30 * 60_000 - 1000);
    expect(await locked()).toBe(true);
    t.clock.advance(1001);
    await t.call('operators.signIn', { operatorId: 1, pin: '1234' }, null);
  });

  it('keeps the last active admin', async () => {
    const t = await startCore();
    expect((await caught(t.call('operators.update', { id: 1, role: 'cashier' }))).code).toBe('rule');
    expect((await caught(t.call('operators.update', { id: 1, active: false }))).code).toBe('rule');
    await t.call('operators.create', { name: 'Cara', role: 'admin', pin: '9999' });
    await t.call('operators.update', { id: 1, role: 'cashier' });
  });

  it('a deactivated operator’s token stops working at once', async () => {
    const t = await startCore();
    const ben = await t.cashierToken();
    const me = await t.call('operators.me', {}, ben);
    await t.call('operators.update', { id: me.id, active: false });
    expect((await caught(t.call('operators.me', {}, ben))).code).toBe('unauthorized');
    expect((await caught(t.call('operators.signIn', { operatorId: me.id, pin: '5678' }, null))).code).toBe('unauthorized');
  });

  it('names are unique regardless of case; sign-out ends the token', async () => {
    const t = await startCore();
    expect((await caught(t.call('operators.create', { name: 'ana', role: 'cashier', pin: '1111' }))).fields).toEqual({ name: 'Name taken' });
    const { token } = await t.call('operators.signIn', { operatorId: 1, pin: '1234' }, null);
    await t.call('operators.signOut', {}, token);
    expect((await caught(t.call('operators.me', {}, token))).code).toBe('unauthorized');
  });

  it('the roster shows active operators only, without secrets', async () => {
    const t = await startCore();
    await t.cashierToken();
    const roster = await t.call('operators.roster', {}, null);
    expect(roster).toEqual([
      { id: 1, name: 'Ana', role: 'admin' },
      { id: 2, name: 'Ben', role: 'cashier' },
    ]);
  });
});
