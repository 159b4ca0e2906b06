/**
 * Coverage guidance from V8's block coverage, read in-process through the inspector
 * (as c8 does, but per input batch): a feature is a code block (script, start, end)
 * that ran at least once. Only the code under test counts: the RADIUS modules, the
 * services and engine behind them, and the `radius` package.
 *
 * Taking coverage walks the heap (about 0.7 ms here, against ~10 µs to decode a
 * packet), so callers take it per batch of inputs, not per input.
 */
import { Session, type Profiler } from 'node:inspector';

const UNDER_TEST = ['/src/main/radius/', '/src/main/services/', '/src/main/engine/', '/node_modules/radius/'];

let session: Session | null = null;

/** The inspector answers a same-thread session synchronously. */
function post<T = unknown>(method: string, params?: object): T {
  if (!session) throw new Error('fuzz: coverage taken before it was started');
  let out: { err: Error | null; result: T } | undefined;
  session.post(method, params ?? {}, (err, result) => (out = { err, result: result as T }));
  if (!out) throw new Error(`fuzz: the inspector did not answer ${method} synchronously`);
  if (out.err) throw out.err;
  return out.result;
}

/**
 * Starts block coverage for the rest of the process, once: stopping and restarting it
 * loses the counters of functions already compiled (a second target saw half the blocks).
 */
function startProfiler(): void {
  if (session) return;
  session = new Session();
  session.connect();
  post('Profiler.enable');
  post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
}

/** One target's view: the features it has seen. */
export class Coverage {
  private readonly seen = new Set<string>();
  private readonly wanted = new Map<string, boolean>();

  /** Starts counting from now (what ran before is not this target's). */
  start(): void {
    startProfiler();
    this.take();
  }

  /** Number of features seen so far. */
  get size(): number {
    return this.seen.size;
  }

  /** The features hit since the last call (which resets the counters). */
  take(): Set<string> {
    const hit = new Set<string>();
    for (const script of post<Profiler.TakePreciseCoverageReturnType>('Profiler.takePreciseCoverage').result) {
      if (!this.underTest(script.url)) continue;
      for (const fn of script.functions) {
        for (const r of fn.ranges) if (r.count > 0) hit.add(`${script.scriptId}:${r.startOffset}:${r.endOffset}`);
      }
    }
    return hit;
  }

  /** The features of `hit` never seen before. */
  novel(hit: Set<string>): string[] {
    return [...hit].filter((f) => !this.seen.has(f));
  }

  /** Marks features as seen. */
  record(features: Iterable<string>): void {
    for (const f of features) this.seen.add(f);
  }

  private underTest(url: string): boolean {
    let yes = this.wanted.get(url);
    if (yes === undefined) this.wanted.set(url, (yes = UNDER_TEST.some((d) => url.includes(d))));
    return yes;
  }
}
