/**
 * The servers target: a real core (setup.ts) gets the mutants over real UDP on
 * loopback, from the two known routers' addresses and an unknown one. Sent in windows:
 * a window goes out, then the fuzzer waits until the servers' counters account for
 * every datagram (answered, dropped by reason, or a duplicate) or a second passes,
 * takes coverage, and checks liveness. A window that reached new code is replayed one
 * datagram at a time from fresh source ports (so the duplicate cache does not answer
 * it) to find which inputs did; those join the corpus.
 *
 * Failures: an uncaught exception or unhandled rejection, an error the core logged
 * (a pipeline threw, a report could not be applied), a wrong answer (peer.ts), a
 * failed liveness check, datagrams never accounted for, heap growth (run.ts).
 */
import type { LogLine } from '../../../src/main/log';
import { dropReasons } from '../../../src/main/radius/stats';
import { Corpus } from './corpus';
import { Coverage } from './coverage';
import { CrashGuard } from './guard';
import { SOURCES, type Input, type Source } from './input';
import { startLiveness } from './liveness';
import { HeapWatch, warmUpMs } from './memory';
import { mutate, type MutateContext } from './mutate';
import { Peer } from './peer';
import { Rng } from './prng';
import { dictionary, malformedSeeds, VALID_SEED_WEIGHT, validSeeds } from './seeds';
import { startFuzzCore } from './setup';
import { commonResult, sortedCounts, type TargetOptions, type TargetResult } from './target';

/** Datagrams per window: small enough for coverage to point at a few inputs, large enough to keep the servers busy. */
const WINDOW = 64;
/** How long a window may take to be processed before the fuzzer moves on (and counts it slow). */
const WINDOW_WAIT_MS = 1_000;
/** At the end, how long every datagram sent has to be accounted for. */
const FINAL_WAIT_MS = 5_000;
const HEAP_SAMPLE_MS = 5_000;
/** How often the seeds get fresh sessions (see FuzzCore.sellSessions). */
const REFRESH_MS = 5_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runServers(o: TargetOptions): Promise<TargetResult> {
  const started = Date.now();
  const rng = new Rng(o.seed);
  const guard = new CrashGuard(o.findings);
  const uninstall = guard.install();
  const onError = (line: LogLine) => {
    const err = line.fields?.err;
    o.findings.report('error_log', `${line.subsystem}: ${line.message}${err instanceof Error ? `: ${err.stack ?? err.message}` : ''}`, guard.inFlight);
  };
  const fc = await startFuzzCore(rng.fork(), onError);
  const stats = fc.core.radius!.stats;
  const wrongAnswer = (detail: string, inputs: Input[]) => o.findings.report('wrong_answer', detail, inputs.length ? inputs : guard.inFlight);
  const bindAll = () => Promise.all(SOURCES.map((_, i) => Peer.bind(i as Source, fc.ports, wrongAnswer)));
  const peers = await bindAll();
  // Replays come from other source ports: same router, but not duplicates of the originals.
  const replayers = await bindAll();
  const liveness = await startLiveness(fc.ports, fc.live, rng.fork());
  const coverage = new Coverage();
  const heap = new HeapWatch(o.heapBoundMB);
  const corpus = new Corpus(rng.fork());
  const counters = { slowWindows: 0, replayed: 0 };

  let sent = 0;
  /** Datagrams the servers are done with: answered, dropped (a pending duplicate is counted twice), or duplicates. */
  const processed = () => {
    const drops = stats.drops();
    let n = Object.values(drops).reduce((a, b) => a + b, 0) - drops.duplicate_in_progress;
    for (const id of fc.routerIds) {
      const c = stats.router(id);
      n += c.accepts + c.rejects + c.accountingResponses + c.duplicates + c.statusServers;
    }
    return n;
  };
  const settled = async (ms: number) => {
    const until = Date.now() + ms;
    while (processed() < sent && Date.now() < until) await sleep(1);
    return processed() >= sent;
  };
  const send = async (inputs: Input[], via: Peer[]) => {
    guard.inFlight = inputs;
    sent += inputs.length;
    await Promise.all(inputs.map((i) => via[i.from]!.send(i)));
  };
  const checkLiveness = async (window: readonly Input[]) => {
    sent += 2;
    const failure = await liveness.check();
    if (failure) o.findings.report('liveness', failure, window);
    coverage.record(coverage.take()); // the liveness requests' own code is nobody's discovery
  };

  coverage.start();
  const seedRng = rng.fork();
  const sessions = await fc.sellSessions();
  const valid = validSeeds(sessions, seedRng, Date.now());
  const malformed = malformedSeeds();
  for (const s of valid) corpus.seed(s, VALID_SEED_WEIGHT);
  for (const s of malformed) corpus.seed(s);
  await send([...valid, ...malformed], peers);
  if (!(await settled(WINDOW_WAIT_MS))) counters.slowWindows++;
  await checkLiveness([...valid, ...malformed]);
  const afterSeeds = coverage.size;

  /** Replays a window one datagram at a time; keeps those that reach any of `novel`. */
  const attribute = async (window: Input[], novel: string[]) => {
    const wanted = new Set(novel);
    for (const input of window) {
      await send([input], replayers);
      await settled(WINDOW_WAIT_MS);
      const hit = coverage.take();
      if (coverage.novel(hit).some((f) => wanted.has(f))) corpus.add(input);
      coverage.record(hit);
      counters.replayed++;
    }
    coverage.record(novel);
  };

  const ctx: MutateContext = { rng: rng.fork(), donor: () => corpus.pick(), dictionary: dictionary(sessions) };
  /** New sessions for the valid seeds (and the dictionary) to name. */
  const refresh = async () => {
    const fresh = await fc.sellSessions();
    validSeeds(fresh, seedRng, Date.now()).forEach((s, i) => corpus.reseed(i, s));
    ctx.dictionary = dictionary(fresh);
  };
  const deadline = started + o.seconds * 1000;
  const warmUntil = started + warmUpMs(o.seconds);
  let iterations = 0;
  let nextSample = 0;
  let nextRefresh = Date.now() + REFRESH_MS;
  let window: Input[] = [];
  while (Date.now() < deadline && iterations < o.maxIterations) {
    if (Date.now() >= nextRefresh) {
      await refresh();
      nextRefresh = Date.now() + REFRESH_MS;
    }
    window = [];
    for (let i = 0; i < WINDOW; i++) window.push(mutate(corpus.pick(), ctx));
    await send(window, peers);
    iterations += window.length;
    if (!(await settled(WINDOW_WAIT_MS))) counters.slowWindows++;
    const novel = coverage.novel(coverage.take());
    if (novel.length) await attribute(window, novel);
    await checkLiveness(window);

    const now = Date.now();
    if (now >= warmUntil && now >= nextSample) {
      heap.sample();
      nextSample = now + HEAP_SAMPLE_MS;
    }
  }
  if (!(await settled(FINAL_WAIT_MS))) o.findings.report('unaccounted', `${sent - processed()} of ${sent} datagrams neither answered nor counted as dropped`, window);
  const heapReport = heap.finish();

  const answered = { accept: 0, reject: 0, accounting: 0 };
  let duplicates = 0;
  for (const id of fc.routerIds) {
    const c = stats.router(id);
    answered.accept += c.accepts;
    answered.reject += c.rejects;
    answered.accounting += c.accountingResponses;
    duplicates += c.duplicates;
  }
  const drops = stats.drops();
  const result: TargetResult = {
    ...commonResult('servers', o, { started, iterations, seeds: valid.length + malformed.length, corpus, afterSeeds, features: coverage.size, uncaught: guard.count }),
    heap: heapReport,
    drops: sortedCounts(Object.fromEntries(dropReasons.map((r) => [r, drops[r]]))),
    answered,
    liveness: { ...liveness.stats },
    counters: {
      ...counters,
      sent,
      accountedFor: processed(),
      duplicates,
      repliesReceived: [...peers, ...replayers].reduce((n, p) => n + p.replies, 0),
      disconnectsAcknowledged: fc.coaAcks(),
    },
    files: o.findings.files,
  };

  await liveness.close();
  await Promise.all([...peers, ...replayers].map((p) => p.close()));
  await fc.close();
  uninstall();
  return result;
}
