import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyReport, zeroCounters, type Counters } from '../../../src/shared/engine/usage';

const GiB4 = 2 ** 32;
const report = (inOctets: number, outOctets: number, sessionTimeS = 0): Counters => ({ inOctets, outOctets, sessionTimeS });

/** Folds a stream of reports into a connection; returns the final baseline and the sum of what was added. */
function fold(reports: Counters[]) {
  let baseline = zeroCounters;
  const added = { inOctets: 0, outOctets: 0, sessionTimeS: 0 };
  for (const r of reports) {
    const { next, delta } = applyReport(baseline, r);
    expect(delta.inOctets).toBeGreaterThanOrEqual(0);
    expect(delta.outOctets).toBeGreaterThanOrEqual(0);
    expect(delta.sessionTimeS).toBeGreaterThanOrEqual(0);
    added.inOctets += delta.inOctets;
    added.outOctets += delta.outOctets;
    added.sessionTimeS += delta.sessionTimeS;
    baseline = next;
  }
  return { baseline, added };
}

describe('applyReport', () => {
  it('adds the positive difference of each report', () => {
    const { added } = fold([report(100, 1000, 60), report(250, 4000, 120), report(300, 9000, 180)]);
    expect(added).toEqual({ inOctets: 300, outOctets: 9000, sessionTimeS: 180 });
  });

  it('counts correctly across the 4 GiB boundary (gigawords wrap)', () => {
    const before = GiB4 - 10; // octets 2^32 - 10, gigawords 0
    const after = GiB4 + 20; // octets 20, gigawords 1 (radius/gigawords.ts joins them)
    const { added } = fold([report(0, before), report(0, after)]);
    expect(added.outOctets).toBe(GiB4 + 20);
  });

  it('ignores a lower (late, reordered) report and does not count the next one twice', () => {
    const { added, baseline } = fold([report(100, 100), report(300, 300), report(200, 200), report(400, 400)]);
    expect(added).toEqual({ inOctets: 400, outOctets: 400, sessionTimeS: 0 });
    expect(baseline).toEqual(report(400, 400));
  });

  it('counts a retransmitted (identical) report once', () => {
    const { added } = fold([report(100, 100, 10), report(100, 100, 10), report(100, 100, 10)]);
    expect(added).toEqual({ inOctets: 100, outOctets: 100, sessionTimeS: 10 });
  });

  it('treats directions independently', () => {
    const { added } = fold([report(100, 500), report(50, 900)]);
    expect(added).toEqual({ inOctets: 100, outOctets: 900, sessionTimeS: 0 });
  });
});

// A router's true cumulative counters only grow; what arrives may be duplicated,
// reordered or partly lost, but the final report (Stop) is retransmitted until answered.
const monotone = fc
  .array(fc.tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 600 })), { minLength: 1, maxLength: 30 })
  .map((steps) => {
    let i = 0;
    let o = 0;
    let t = 0;
    return steps.map(([di, dout, dt]) => report((i += di), (o += dout), (t += dt)));
  });

const delivered = (truth: Counters[]) =>
  fc.array(fc.nat({ max: truth.length - 1 }), { maxLength: 40 }).map((picks) => [...picks.map((k) => truth[k]!), truth[truth.length - 1]!]);

describe('accounting properties', () => {
  it('whatever arrives, a connection counts exactly its final counters, never more, never negative', () => {
    fc.assert(
      fc.property(
        monotone.chain((truth) => delivered(truth).map((stream) => ({ truth, stream }))),
        ({ truth, stream }) => {
          const last = truth[truth.length - 1]!;
          const { added } = fold(stream);
          expect(added).toEqual(last);
        },
      ),
    );
  });

  it('a session over several connections (reconnects, router reboots) is the sum of each connection', () => {
    fc.assert(
      fc.property(fc.array(monotone, { minLength: 1, maxLength: 6 }), (connections) => {
        let total = 0;
        for (const c of connections) {
          const { added } = fold(c);
          total += added.inOctets + added.outOctets;
        }
        const expected = connections.reduce((s, c) => s + c[c.length - 1]!.inOctets + c[c.length - 1]!.outOctets, 0);
        return total === expected;
      }),
    );
  });

  it('the running total never decreases, report by report', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 50 }), (raw) => {
        let baseline = zeroCounters;
        let total = 0;
        for (const [i, o, t] of raw) {
          const { next, delta } = applyReport(baseline, report(i, o, t));
          const grown = delta.inOctets + delta.outOctets;
          if (grown < 0) return false;
          total += grown;
          baseline = next;
        }
        return total === baseline.inOctets + baseline.outOctets;
      }),
    );
  });
});
