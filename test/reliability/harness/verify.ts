/**
 * Holds the app's database (read after the app stopped) to what the traffic saw it
 * acknowledge. Every broken promise is one line in `problems`; an empty list is a pass.
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { integrityCheck } from '../../../src/main/db/sqlite';
import { DB_FILE } from '../../../src/main/db/store';
import type { CafeTraffic } from './traffic';

export interface Verdict {
  problems: string[];
  integrity: string;
  sales: number;
  connectionsChecked: number;
  sessionsChecked: number;
  pendingDisconnects: number;
}

const MAX_LISTED = 20;

/** A verdict's list of problems, at most `max` of them (then "… and more"): a broken run lists what it found, not thousands of lines. */
export function problemList(max = MAX_LISTED): { problems: string[]; problem(text: string): void } {
  const problems: string[] = [];
  return {
    problems,
    problem(text) {
      if (problems.length < max) problems.push(text);
      else if (problems.length === max) problems.push('… and more');
    },
  };
}

export function verifyAgainstLedger(dataDir: string, traffic: CafeTraffic): Verdict {
  const db = new Database(join(dataDir, DB_FILE), { readonly: true });
  const { problems, problem } = problemList();
  try {
    const integrity = integrityCheck(db);
    if (integrity !== 'ok') problem(`integrity_check: ${integrity}`);
    const fk = db.pragma('foreign_key_check') as unknown[];
    if (fk.length) problem(`foreign_key_check: ${fk.length} rows`);

    // Sales: every acknowledged one is there with the id the till was given; none twice.
    const sales = new Map((db.prepare('SELECT id, request_id AS r FROM sales WHERE request_id IS NOT NULL').all() as { id: number; r: string }[]).map((s) => [s.r, s.id]));
    for (const [requestId, ack] of traffic.sales) {
      const id = sales.get(requestId);
      if (id !== ack.saleId) problem(`sale ${requestId}: acknowledged as #${ack.saleId}, stored as ${id === undefined ? 'nothing' : `#${id}`}`);
    }
    for (const requestId of traffic.unsettled.keys()) problem(`request ${requestId} was never answered`);
    for (const requestId of traffic.refused) if (sales.has(requestId)) problem(`request ${requestId} was refused, yet stored`);
    if (traffic.counts.salesRefused) problem(`${traffic.counts.salesRefused} sales refused (a sale is never refused)`);
    const twice = db.prepare("SELECT count(*) AS n FROM (SELECT session_id FROM sales WHERE kind = 'sale' GROUP BY session_id HAVING count(*) > 1)").get() as { n: number };
    if (twice.n) problem(`${twice.n} sessions have two original sales`);

    // Usage: every acknowledged report is in, nothing beyond what the router sent (a report counted twice would be).
    const byKey = db.prepare('SELECT in_octets AS i, out_octets AS o, session_time_s AS t, ended_at AS ended FROM connections WHERE router_id = ? AND acct_session_id = ?');
    let connectionsChecked = 0;
    for (const r of traffic.reports.values()) {
      if (!r.acked) continue;
      connectionsChecked++;
      const c = byKey.get(traffic.routerIds[r.router], r.acctSessionId) as { i: number; o: number; t: number; ended: number | null } | undefined;
      if (!c) {
        problem(`connection ${r.router}/${r.acctSessionId}: acknowledged, not stored`);
        continue;
      }
      if (r.stopped && c.ended === null) problem(`connection ${r.acctSessionId}: its Stop was acknowledged, yet it is open`);
      if (c.i < r.acked.inBytes || c.o < r.acked.outBytes || c.t < r.acked.sessionTimeS) problem(`connection ${r.acctSessionId}: stored ${c.i}/${c.o}/${c.t}s < acknowledged ${r.acked.inBytes}/${r.acked.outBytes}/${r.acked.sessionTimeS}s`);
      if (c.i > r.sent.inBytes || c.o > r.sent.outBytes || c.t > r.sent.sessionTimeS) problem(`connection ${r.acctSessionId}: stored ${c.i}/${c.o}/${c.t}s > ever sent ${r.sent.inBytes}/${r.sent.outBytes}/${r.sent.sessionTimeS}s`);
    }

    // Each session's usage is exactly the sum of its connections' (each report's delta applied once).
    const mismatched = db.prepare(`
      SELECT s.id, s.bytes_in AS si, s.bytes_out AS so, s.time_used_s AS st, coalesce(sum(c.in_octets), 0) AS ci, coalesce(sum(c.out_octets), 0) AS co, coalesce(sum(c.session_time_s), 0) AS ct
      FROM sessions s LEFT JOIN connections c ON c.session_id = s.id GROUP BY s.id
      HAVING si != ci OR so != co OR st != ct`).all() as { id: number; si: number; ci: number; so: number; co: number }[];
    for (const m of mismatched) problem(`session ${m.id}: usage ${m.si}/${m.so} but its connections sum to ${m.ci}/${m.co}`);
    const sessionsChecked = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;

    // No free internet: a session over its data allowance has ended, and none of its devices is still on.
    const over = db.prepare(`
      SELECT s.id, s.state FROM sessions s
      WHERE s.data_limit_bytes IS NOT NULL AND s.bytes_in + s.bytes_out >= s.data_limit_bytes AND s.state IN ('PENDING', 'ACTIVE')`).all() as { id: number; state: string }[];
    for (const s of over) problem(`session ${s.id} is over its data allowance and still ${s.state}`);
    const { n: pendingDisconnects } = db.prepare("SELECT count(*) AS n FROM disconnect_outbox WHERE status = 'pending'").get() as { n: number };

    return { problems, integrity, sales: traffic.sales.size, connectionsChecked, sessionsChecked, pendingDisconnects };
  } finally {
    db.close();
  }
}
