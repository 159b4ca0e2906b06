/**
 * Seeds a data directory for the RADIUS benchmark with what FreeRADIUS's anchor
 * config has: router 127.0.0.1 (secret testing123) and users user0001..user1000 with
 * passwords pass0001..pass1000, as ACTIVE sessions with generous limits (so every
 * reply carries Session-Timeout and Mikrotik-Total-Limit, and nothing expires).
 *
 *   node --import tsx bench/seed-radius.ts DATA_DIR
 */
import { createCore } from '../src/main/core';

const dir = process.argv[2];
if (!dir) throw new Error('usage: seed-radius.ts DATA_DIR');
const core = await createCore({ dataDir: dir });
const { token } = await core.operators.createFirstAdmin('Bench', '1234');
await core.api.call('routers.create', { name: 'bench', ip: '127.0.0.1', secret: 'testing123', requireMessageAuthenticator: 'no' }, token);
const pkg = (await core.api.call(
  'packages.create',
  { name: 'Bench 30 days', pricing: 'fixed', priceMinor: 100, timeLimitS: 30 * 86400, dataLimitBytes: 10 ** 15, rateDownKbps: 2000, rateUpKbps: 2000 },
  token,
)) as { id: number };
const now = Date.now();
const insert = core.store.db.prepare(
  `INSERT INTO sessions (login, voucher_code, password, state, package_id, package_name, time_limit_s, data_limit_bytes,
     rate_down_kbps, rate_up_kbps, device_limit, created_at, first_login_at)
   VALUES ('voucher', ?, ?, 'ACTIVE', ?, 'Bench 30 days', ?, ?, 2000, 2000, 1000, ?, ?)`,
);
core.store.tx(() => {
  for (let i = 1; i <= 1000; i++) {
    const n = String(i).padStart(4, '0');
    insert.run(`user${n}`, `pass${n}`, pkg.id, 30 * 86400, 10 ** 15, now, now);
  }
});
await core.close();
console.log(`seeded ${dir}: router 127.0.0.1, 1000 users`);
