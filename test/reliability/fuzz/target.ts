/** What run.ts gives a target, and what a target reports at the end of its run. */
import type { Findings } from './findings';
import type { HeapReport } from './memory';

export interface TargetOptions {
  seconds: number;
  seed: number;
  maxIterations: number;
  heapBoundMB: number;
  findings: Findings;
}

export interface TargetResult {
  target: 'decoder' | 'servers';
  seed: number;
  seconds: number;
  iterations: number;
  perSecond: number;
  corpus: { seeds: number; final: number; added: number };
  /** Code blocks reached: after running the seeds, and at the end. */
  features: { afterSeeds: number; final: number };
  /** Exceptions that escaped the code under test (see guard.ts). */
  uncaught: number;
  /** Every failure by kind (uncaught included); inputs are in the output directory. */
  failures: Record<string, number>;
  heap: HeapReport;
  /** Inputs refused, by the reason the servers count. */
  drops: Record<string, number>;
  /** Inputs answered, by kind (accept, reject, accounting). */
  answered: Record<string, number>;
  /** Servers only: the valid login + report pairs sent after each window, how many failed, the slowest. */
  liveness?: { checks: number; failures: number; slowestMs: number };
  /** Servers only: what else happened (duplicates, replays, Disconnects acknowledged, slow windows). */
  counters?: Record<string, number>;
  /** Where failing inputs were written (empty when none failed). */
  files: string[];
}

/** run.ts's JSON line. */
export interface RunSummary {
  seed: number;
  seconds: number;
  target: string;
  /** Where the failing inputs are; null when nothing failed. */
  out: string | null;
  ok: boolean;
  /** Why the run failed, in words. */
  problems: string[];
  results: TargetResult[];
}

/** The part of a result every target reports the same way. */
export function commonResult(
  target: TargetResult['target'],
  o: TargetOptions,
  run: { started: number; iterations: number; seeds: number; corpus: { size: number; added: number }; afterSeeds: number; features: number; uncaught: number },
): Pick<TargetResult, 'target' | 'seed' | 'seconds' | 'iterations' | 'perSecond' | 'corpus' | 'features' | 'uncaught' | 'failures'> {
  const seconds = (Date.now() - run.started) / 1000;
  return {
    target,
    seed: o.seed,
    seconds,
    iterations: run.iterations,
    perSecond: Math.round(run.iterations / seconds),
    corpus: { seeds: run.seeds, final: run.corpus.size, added: run.corpus.added },
    features: { afterSeeds: run.afterSeeds, final: run.features },
    uncaught: run.uncaught,
    failures: sortedCounts(o.findings.counts),
  };
}

/** Sorted, for readable JSON. */
export function sortedCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b)));
}
