/**
 * The RADIUS fuzzer's command line. Loopback only; bounded in time and in count.
 *
 *   node --expose-gc --import tsx test/reliability/fuzz/run.ts --target decoder|servers|all --seconds 60 --seed 42 [--out DIR]
 *
 * `all` gives each target half the time. Prints progress on stderr and one JSON line
 * on stdout: per target the iterations, corpus and coverage growth, exceptions,
 * failures by kind, heap after gc (warm-up vs end), drops by reason and answers.
 * Exits 1 when anything failed (see `problems`), with the failing inputs in --out.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runDecoder } from './decoder';
import { Findings } from './findings';
import type { RunSummary, TargetOptions, TargetResult } from './target';
import { runServers } from './servers';

/** Heap growth (after gc, end vs warm-up) beyond which a run fails: live objects that keep piling up. */
const HEAP_BOUND_MB = 16;
const MAX_ITERATIONS = 100_000_000;
const MAX_SECONDS = 24 * 3600;
/** Setup, the final wait for stragglers and shutdown, beyond --seconds. */
const GRACE_S = 60;

const { values } = parseArgs({
  options: {
    target: { type: 'string', default: 'all' },
    seconds: { type: 'string', default: '60' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000_007) },
    out: { type: 'string' },
    'max-iterations': { type: 'string', default: String(MAX_ITERATIONS) },
  },
});
const target = values.target;
if (target !== 'decoder' && target !== 'servers' && target !== 'all') throw new Error('fuzz: --target decoder | servers | all');
const seconds = Number(values.seconds);
const seed = Number(values.seed);
const maxIterations = Number(values['max-iterations']);
if (!(seconds > 0 && seconds <= MAX_SECONDS)) throw new Error(`fuzz: --seconds between 0 and ${MAX_SECONDS}`);
if (!Number.isSafeInteger(seed) || seed < 0) throw new Error('fuzz: --seed is a non-negative integer');
if (!(maxIterations > 0)) throw new Error('fuzz: --max-iterations is a positive number');
const out = values.out ?? join(tmpdir(), `iwas-fuzz-${seed}`);

const targets = target === 'all' ? (['decoder', 'servers'] as const) : [target];
const options = (name: string): TargetOptions => ({
  seconds: seconds / targets.length,
  seed,
  maxIterations: maxIterations / targets.length,
  heapBoundMB: HEAP_BOUND_MB,
  findings: new Findings(out, name, seed),
});

process.stderr.write(`fuzz: ${targets.join(' + ')} for ${seconds} s, seed ${seed}, failing inputs to ${out}\n`);
// The targets stop themselves at --seconds; this catches a harness that does not.
setTimeout(() => {
  process.stderr.write(`fuzz: still running ${GRACE_S} s past --seconds: the harness hangs (seed ${seed})\n`);
  process.exit(3);
}, (seconds + GRACE_S) * 1000).unref();

const results: TargetResult[] = [];
for (const t of targets) {
  let result: TargetResult;
  try {
    result = t === 'decoder' ? runDecoder(options(t)) : await runServers(options(t));
  } catch (err) {
    // A fault of the fuzzer itself, not a finding: the exceptions of the code under test are caught inside the targets.
    process.stderr.write(`fuzz: the ${t} harness failed (seed ${seed}): ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(2);
  }
  process.stderr.write(`fuzz: ${t}: ${result.iterations} inputs (${result.perSecond}/s), ${result.features.afterSeeds} → ${result.features.final} features, corpus ${result.corpus.seeds} → ${result.corpus.final}\n`);
  results.push(result);
}

/** Why the run failed, or nothing. */
function problems(r: TargetResult): string[] {
  const p: string[] = [];
  for (const [kind, n] of Object.entries(r.failures)) p.push(`${r.target}: ${n} × ${kind}`);
  if (r.heap.growthMB > r.heap.boundMB) p.push(`${r.target}: heap grew ${r.heap.growthMB} MB (bound ${r.heap.boundMB} MB)`);
  return p;
}
const failed = results.flatMap(problems);
const summary: RunSummary = { seed, seconds, target, out: failed.length ? out : null, ok: failed.length === 0, problems: failed, results };
process.stdout.write(`${JSON.stringify(summary)}\n`);
if (failed.length) process.stderr.write(`fuzz: FAILED (repeat with --seed ${seed}): ${failed.join('; ')}; inputs in ${out}\n`);
process.exitCode = failed.length ? 1 : 0;
