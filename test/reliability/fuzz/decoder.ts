/**
 * The decoder target, in-process and synchronous: batches of mutants through
 * pipeline.ts, coverage taken per batch; a batch that reached new code is replayed
 * one input at a time (the pipeline is pure, so that is exact) and the inputs that
 * reached it join the corpus.
 */
import { Corpus } from './corpus';
import { Coverage } from './coverage';
import { CrashGuard } from './guard';
import type { Input } from './input';
import { HeapWatch, warmUpMs } from './memory';
import { mutate, type MutateContext } from './mutate';
import { DECODER_NOW, decodeOne } from './pipeline';
import { Rng } from './prng';
import { DECODER_SESSIONS, dictionary, malformedSeeds, VALID_SEED_WEIGHT, validSeeds } from './seeds';
import { commonResult, sortedCounts, type TargetOptions, type TargetResult } from './target';

/** Inputs per coverage sample: ~25 µs of pipeline each against ~0.7 ms per sample. */
const BATCH = 64;
/** A batch normally takes a few milliseconds; this long means one input hangs the decoder. */
const SLOW_BATCH_MS = 2_000;
const HEAP_SAMPLE_MS = 5_000;
const ANSWERS = new Set(['accept', 'reject', 'accounting', 'decoded']);

export function runDecoder(o: TargetOptions): TargetResult {
  const rng = new Rng(o.seed);
  const corpus = new Corpus(rng.fork());
  const coverage = new Coverage();
  const guard = new CrashGuard(o.findings);
  const heap = new HeapWatch(o.heapBoundMB);
  const outcomes: Record<string, number> = {};

  /** One input, exceptions caught and saved (they escaped code documented never to throw). */
  const run = (input: Input): string => {
    try {
      return decodeOne(input);
    } catch (err) {
      guard.crash('exception', err, [input]);
      return 'exception';
    }
  };

  const started = Date.now();
  coverage.start();
  const valid = validSeeds(DECODER_SESSIONS, rng.fork(), DECODER_NOW);
  const malformed = malformedSeeds();
  for (const s of valid) corpus.seed(s, VALID_SEED_WEIGHT);
  for (const s of malformed) corpus.seed(s);
  for (const s of [...valid, ...malformed]) run(s);
  coverage.record(coverage.take());
  const afterSeeds = coverage.size;

  const ctx: MutateContext = { rng: rng.fork(), donor: () => corpus.pick(), dictionary: dictionary(DECODER_SESSIONS) };
  const deadline = started + o.seconds * 1000;
  const warmUntil = started + warmUpMs(o.seconds);
  let iterations = 0;
  let nextSample = 0;
  while (Date.now() < deadline && iterations < o.maxIterations) {
    const batch: Input[] = [];
    for (let i = 0; i < BATCH; i++) batch.push(mutate(corpus.pick(), ctx));
    const t0 = Date.now();
    for (const input of batch) {
      const outcome = run(input);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    iterations += batch.length;
    if (Date.now() - t0 > SLOW_BATCH_MS) o.findings.report('slow_batch', `${batch.length} inputs took ${Date.now() - t0} ms`, batch);

    const novel = coverage.novel(coverage.take());
    if (novel.length) {
      const wanted = new Set(novel);
      for (const input of batch) {
        run(input);
        const hit = coverage.take();
        if (coverage.novel(hit).some((f) => wanted.has(f))) corpus.add(input);
        coverage.record(hit);
      }
      coverage.record(novel); // also what only the batch together reached
    }

    const now = Date.now();
    if (now >= warmUntil && now >= nextSample) {
      heap.sample();
      nextSample = now + HEAP_SAMPLE_MS;
    }
  }
  return {
    ...commonResult('decoder', o, { started, iterations, seeds: valid.length + malformed.length, corpus, afterSeeds, features: coverage.size, uncaught: guard.count }),
    heap: heap.finish(),
    drops: sortedCounts(Object.fromEntries(Object.entries(outcomes).filter(([k]) => !ANSWERS.has(k)))),
    answered: sortedCounts(Object.fromEntries(Object.entries(outcomes).filter(([k]) => ANSWERS.has(k)))),
    files: o.findings.files,
  };
}
