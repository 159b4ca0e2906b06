/**
 * Heap used after a full collection: after the warm-up (code compiled, caches and
 * the corpus filled) and at the end, with samples between, so growth is measured on
 * live objects only, and as a trend (a leak keeps climbing, a cache filling up levels
 * off). Needs `node --expose-gc`.
 */

const MB = 1024 * 1024;
const MAX_SAMPLES = 30;

export interface HeapReport {
  afterWarmupMB: number;
  endMB: number;
  growthMB: number;
  boundMB: number;
  /** Least-squares slope of the samples, in MB per minute. */
  slopeMBPerMin: number;
  /** Heap after gc through the run (thinned to about 30), warm-up first, end last. */
  samplesMB: number[];
  /** The process's resident memory at the baseline and at the end: Buffers live outside the heap. */
  rssMB: [afterWarmup: number, end: number];
}

/**
 * How long a run warms up before its heap baseline: a quarter of it, at most 30 s. What
 * fills the servers' heap in the first ~20 s is bounded by design: mostly the duplicate
 * cache (every authentic request of the last 5 s), which grows with the share of mutants
 * that pass the authenticity checks as the corpus improves.
 */
export function warmUpMs(seconds: number): number {
  return Math.min(seconds * 250, 30_000);
}

/** Heap used, in MB, after a full garbage collection. */
export function heapAfterGc(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('fuzz: run node with --expose-gc');
  gc();
  return process.memoryUsage().heapUsed / MB;
}

interface Sample {
  at: number;
  mb: number;
  rss: number;
}

export class HeapWatch {
  private samples: Sample[] = [];

  constructor(private readonly boundMB: number) {}

  /** A sample; the first (taken when the warm-up is over) is the baseline. */
  sample(): void {
    this.samples.push({ at: Date.now(), mb: heapAfterGc(), rss: process.memoryUsage.rss() / MB });
    // Keep the baseline, thin the rest.
    if (this.samples.length > MAX_SAMPLES * 2) this.samples = this.samples.filter((_, i) => i === 0 || i % 2 === 1);
  }

  /** The final measurement; a run too short to warm up takes its baseline here. */
  finish(): HeapReport {
    this.sample();
    const all = this.samples;
    const warm = all[0]!;
    const end = all[all.length - 1]!;
    const round = (n: number) => Math.round(n * 100) / 100;
    return {
      afterWarmupMB: round(warm.mb),
      endMB: round(end.mb),
      growthMB: round(end.mb - warm.mb),
      boundMB: this.boundMB,
      slopeMBPerMin: round(slope(all) * 60_000),
      samplesMB: all.map((s) => round(s.mb)),
      rssMB: [round(warm.rss), round(end.rss)],
    };
  }
}

/** MB per ms by least squares; 0 with fewer than two samples. */
function slope(samples: Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((a, s) => a + s.at, 0) / n;
  const mm = samples.reduce((a, s) => a + s.mb, 0) / n;
  const num = samples.reduce((a, s) => a + (s.at - mt) * (s.mb - mm), 0);
  const den = samples.reduce((a, s) => a + (s.at - mt) ** 2, 0);
  return den === 0 ? 0 : num / den;
}
