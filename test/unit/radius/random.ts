/**
 * A seeded generator for the RADIUS property tests: the same cases every run. Each case has
 * its own seed (the base plus its number), printed when it fails; RADIUS_PROPERTY_SEED=that
 * seed runs the failing case first.
 */

const DEFAULT_SEED = 20_170_515;

/** mulberry32: small, fast, and good enough to pick test cases. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  bytes(n: number): Buffer {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = this.int(256);
    return b;
  }

  ascii(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(32 + this.int(95));
    return s;
  }

  /** Text of `n` UTF-16 units: ASCII, Latin, CJK, emoji, and now and then a lone surrogate. */
  text(n: number): string {
    let s = '';
    while (s.length < n) {
      const k = this.int(10);
      if (k < 5) s += String.fromCharCode(32 + this.int(95));
      else if (k < 7) s += String.fromCharCode(0xa0 + this.int(0x500));
      else if (k < 8) s += String.fromCharCode(0x4e00 + this.int(0x5000));
      else if (k < 9) s += String.fromCodePoint(0x1f600 + this.int(0x50));
      else s += String.fromCharCode(0xd800 + this.int(0x800));
    }
    return s;
  }
}

/** Runs `check` on `count` seeded cases; a failure names the case's seed. */
export function casesFrom(count: number, check: (r: Random, i: number) => void): void {
  const base = Number(process.env['RADIUS_PROPERTY_SEED'] ?? DEFAULT_SEED);
  for (let i = 0; i < count; i++) {
    const seed = base + i;
    try {
      check(new Random(seed), i);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      throw new Error(`case ${i} of ${count} failed with seed ${seed} (rerun it first: RADIUS_PROPERTY_SEED=${seed}): ${message}`, { cause: err });
    }
  }
}
