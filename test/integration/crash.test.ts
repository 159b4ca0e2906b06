import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { integrityCheck } from '../../src/main/db/sqlite';
import { openStore } from '../../src/main/db/store';
import { tempDir } from '../helpers/temp';

const WRITER = join(__dirname, '../fixtures/sale-writer.ts');

/** Runs the writer until it has acknowledged `killAfter` sales (or so), SIGKILLs it, and returns what it acknowledged. */
function runAndKill(dataDir: string, prefix: string, killAfterMs: number): Promise<Map<string, number>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, prefix], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked = new Map<string, number>();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line === 'READY') setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const m = /^ACK (\S+) (\d+)$/.exec(line);
      if (m) acked.set(m[1]!, Number(m[2]));
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited on its own (${code}): ${stderr}`));
    });
  });
}

describe('crash safety', () => {
  it('every acknowledged sale survives SIGKILL mid-stream, exactly once, and the database stays intact', async () => {
    const dir = tempDir();
    const all = new Map<string, number>();
    const delays = [150, 400, 250, 600, 50];
    for (const [cycle, delay] of delays.entries()) {
      const acked = await runAndKill(dir, `c${cycle}`, delay);
      for (const [k, v] of acked) all.set(k, v);
    }
    expect(all.size).toBeGreaterThan(50);
    console.log(`crash test: ${all.size} sales acknowledged across ${delays.length} kills`);

    const { store } = openStore(dir);
    try {
      expect(integrityCheck(store.db)).toBe('ok');
      const rows = store.db.prepare('SELECT id, request_id AS requestId, kind, session_id AS sessionId FROM sales').all() as {
        id: number;
        requestId: string;
        kind: string;
        sessionId: number;
      }[];
      const byRequest = new Map(rows.map((r) => [r.requestId, r]));
      expect(byRequest.size).toBe(rows.length); // no request recorded twice
      for (const [requestId, saleId] of all) expect(byRequest.get(requestId)?.id, requestId).toBe(saleId);
      // Atomic: every session has exactly one original sale, and every sale's session exists.
      const sessions = store.db.prepare("SELECT s.id, (SELECT count(*) FROM sales x WHERE x.session_id = s.id AND x.kind = 'sale') AS n FROM sessions s").all() as { id: number; n: number }[];
      for (const s of sessions) expect(s.n, `session ${s.id}`).toBe(1);
      expect(store.db.prepare('SELECT count(*) AS n FROM sales x LEFT JOIN sessions s ON s.id = x.session_id WHERE s.id IS NULL').get()).toEqual({ n: 0 });
      // Top-ups: every acknowledged one added its hour exactly once.
      const limits = store.db.prepare(
        "SELECT s.time_limit_s AS t, (SELECT sum(granted_time_s) FROM sales x WHERE x.session_id = s.id) AS granted FROM sessions s",
      ).all() as { t: number; granted: number }[];
      for (const l of limits) expect(l.t).toBe(l.granted);
    } finally {
      store.db.close();
    }
  }, 60_000);
});
