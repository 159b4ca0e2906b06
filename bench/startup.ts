/**
 * Start-up time, measured from outside: spawn → the banner line that says the RADIUS
 * ports are bound (printed once the core and the HTTP API are up). Three cases:
 *
 *   floor    `node -e ''`, spawn → exit: what any Node process costs on this machine
 *   empty    `serve` on an empty data directory (first run: the schema is created)
 *   history  `serve` on a copy of SEEDED (bench/seed-history.ts: 100,000 past sessions)
 *
 * Every serve run gets its own data directory (empty, or a fresh copy of SEEDED: start-up
 * writes to it), is stopped with SIGTERM and waited for before the next. The cases are
 * interleaved (a b c a b c …) after one unmeasured warm-up round, so drift on the shared
 * machine spreads over all three. The page cache is warm (no root to drop it).
 *
 *   node --import tsx bench/startup.ts --seeded DIR [--runs 10] [--out DIR] [--cpu-prof DIR]
 *   (RUNS in the environment works too; --cpu-prof profiles the history runs)
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { seeded: { type: 'string' }, runs: { type: 'string', default: process.env.RUNS ?? '10' }, out: { type: 'string' }, 'cpu-prof': { type: 'string' } },
});
const runs = Number(values.runs);
if (!values.seeded || !Number.isInteger(runs) || runs < 1) throw new Error('usage: startup.ts --seeded DIR [--runs N] [--out DIR] [--cpu-prof DIR]');
const seeded = resolve(values.seeded);
const cli = resolve(import.meta.dirname, '..', 'dist', 'main', 'cli.cjs');
const BUDGET_MS = 1000;
// The line dist.test.ts waits for: printed after RADIUS, the webhook and the HTTP API are bound.
const READY = /RADIUS 127\.0\.0\.1 authentication (\d+)/;

type Case = 'floor' | 'empty' | 'history';
const cases: Case[] = ['floor', 'empty', 'history'];

interface Run {
  readyMs: number;
  /** SIGTERM → exit (serve only). */
  stopMs: number | null;
}

const serveArgs = (dataDir: string) => [
  cli, 'serve', '--data-dir', dataDir, '--port', '0', '--token', 'bench-token-000000', '--log-level', 'warn', '--no-backups',
  '--radius-host', '127.0.0.1', '--radius-auth-port', '0', '--radius-acct-port', '0',
  // The webhook defaults to 0.0.0.0:8790: keep it on loopback and off fixed ports.
  '--webhook-host', '127.0.0.1', '--webhook-port', '0',
];

/** Spawns one process and times it; rejects if it exits before it is ready or fails to stop cleanly. */
function once(c: Case, scratch: string, cpuProf: string | undefined): Promise<Run> {
  const node = process.execPath;
  if (c === 'floor') {
    return new Promise((done, fail) => {
      const t0 = performance.now();
      const p = spawn(node, ['-e', ''], { stdio: 'ignore' });
      p.on('error', fail);
      p.on('exit', (code) => (code === 0 ? done({ readyMs: performance.now() - t0, stopMs: null }) : fail(new Error(`startup: node -e '' exited ${code}`))));
    });
  }
  const dataDir = join(scratch, 'data');
  // The copy (not timed) keeps every run's start-up identical: no run sees what the previous one wrote.
  if (c === 'history') cpSync(seeded, dataDir, { recursive: true });
  const flags = cpuProf && c === 'history' ? ['--cpu-prof', '--cpu-prof-dir', cpuProf] : [];
  return new Promise((done, fail) => {
    let out = '';
    let err = '';
    let readyMs: number | null = null;
    let stopAt = 0;
    const t0 = performance.now();
    const p = spawn(node, [...flags, ...serveArgs(dataDir)], { stdio: ['ignore', 'pipe', 'pipe'] });
    p.on('error', fail);
    p.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      if (readyMs !== null) return;
      out += chunk;
      if (!READY.test(out)) return;
      readyMs = performance.now() - t0;
      // Stopped at once: the banner only appears once the SIGTERM handler is in place.
      stopAt = performance.now();
      p.kill('SIGTERM');
    });
    p.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    p.on('exit', (code, signal) => {
      if (readyMs === null) return fail(new Error(`startup: serve (${c}) exited (${code ?? signal}) before it was ready:\n${out}${err}`));
      if (code !== 0) return fail(new Error(`startup: serve (${c}) did not stop cleanly (${code ?? signal}):\n${err}`));
      done({ readyMs, stopMs: performance.now() - stopAt });
    });
  });
}

/** Nearest-rank percentile of sorted values (p90 of 10 runs is the 9th). */
const pct = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
const median = (sorted: number[]) => {
  const m = sorted.length >> 1;
  return sorted.length % 2 ? sorted[m]! : (sorted[m - 1]! + sorted[m]!) / 2;
};
const ms = (v: number) => v.toFixed(0);

const results = new Map<Case, Run[]>(cases.map((c) => [c, []]));
const lines: string[] = [];
if (values['cpu-prof']) mkdirSync(values['cpu-prof'], { recursive: true });
for (let round = 0; round <= runs; round++) {
  for (const c of cases) {
    const scratch = mkdtempSync(join(tmpdir(), 'iwas-bench-startup-'));
    try {
      const r = await once(c, scratch, round === 0 ? undefined : values['cpu-prof']);
      if (round === 0) continue; // warm-up: the binary, dist/ and the seeded file into the page cache
      results.get(c)!.push(r);
      lines.push(`run case=${c} i=${round} ready_ms=${r.readyMs.toFixed(1)}${r.stopMs === null ? '' : ` stop_ms=${r.stopMs.toFixed(1)}`}`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }
}

const stats = new Map(
  cases.map((c) => {
    const ready = results.get(c)!.map((r) => r.readyMs).sort((a, b) => a - b);
    const stop = results
      .get(c)!
      .flatMap((r) => (r.stopMs === null ? [] : [r.stopMs]))
      .sort((a, b) => a - b);
    return [c, { min: ready[0]!, median: median(ready), p90: pct(ready, 90), max: ready[ready.length - 1]!, stop: stop.length ? median(stop) : null }] as const;
  }),
);
const s = (c: Case) => stats.get(c)!;
for (const c of cases) {
  const x = s(c);
  lines.push(`case=${c} runs=${runs} min_ms=${ms(x.min)} median_ms=${ms(x.median)} p90_ms=${ms(x.p90)} max_ms=${ms(x.max)}${x.stop === null ? '' : ` stop_median_ms=${ms(x.stop)}`}`);
}
const met = s('history').median < BUDGET_MS;
lines.push(
  `history_over_empty=${(s('history').median / s('empty').median).toFixed(2)} history_minus_floor_ms=${ms(s('history').median - s('floor').median)} budget_ms=${BUDGET_MS} met=${met ? 'yes' : 'no'}`,
);
console.log(lines.join('\n'));

const label: Record<Case, string> = { floor: "(a) `node -e ''` (floor)", empty: '(b) serve, empty data dir', history: '(c) serve, 100k past sessions' };
const summary = [
  '## Start-up: core ready (ports bound), 100,000 past sessions (target < 1,000 ms)',
  '',
  `Spawn → banner line \`RADIUS 127.0.0.1 authentication N\`; ${runs} runs per case after one warm-up, interleaved; warm page cache; a fresh data directory (copy) per run.`,
  '',
  '| case | min ms | median ms | p90 ms | max ms | stop ms (median) |',
  '|---|---:|---:|---:|---:|---:|',
  ...cases.map((c) => {
    const x = s(c);
    return `| ${label[c]} | ${ms(x.min)} | ${ms(x.median)} | ${ms(x.p90)} | ${ms(x.max)} | ${x.stop === null ? '–' : ms(x.stop)} |`;
  }),
  '',
  `(c)/(b) ${(s('history').median / s('empty').median).toFixed(2)} · (c) − (a) ${ms(s('history').median - s('floor').median)} ms · ` +
    `median (c) ${ms(s('history').median)} ms vs 1,000 ms: **${met ? 'met' : 'not met'}**`,
  '',
];
if (values.out) {
  mkdirSync(values.out, { recursive: true });
  writeFileSync(join(values.out, 'startup.txt'), `${lines.join('\n')}\n`);
  writeFileSync(join(values.out, 'summary.md'), summary.join('\n'));
}
