/**
 * The inputs worth mutating: the seeds plus every input that reached code no earlier
 * one did. Bounded, so a long run's memory stays flat: once full, a new entry takes a
 * random non-seed slot.
 */
import type { Input } from './input';
import type { Rng } from './prng';

export const MAX_CORPUS = 4096;

export class Corpus {
  private readonly entries: Input[] = [];
  /** Entry indexes to draw from; a seed may appear several times (its weight). */
  private readonly draws: number[] = [];
  private seeds = 0;
  /** Entries added after the seeds (including those that later lost their slot). */
  added = 0;

  constructor(private readonly rng: Rng) {}

  get size(): number {
    return this.entries.length;
  }

  /** Adds a seed (never replaced), drawn `weight` times as often as a found entry. */
  seed(input: Input, weight = 1): void {
    for (let i = 0; i < weight; i++) this.draws.push(this.entries.length);
    this.entries.push(own(input));
    this.seeds = this.entries.length;
  }

  /** Replaces the seed at `index` (seeds keep the order they were added in). */
  reseed(index: number, input: Input): void {
    if (index >= this.seeds) throw new Error(`fuzz: no seed ${index}`);
    this.entries[index] = own(input);
  }

  /** Adds an input that found new coverage. */
  add(input: Input): void {
    this.added++;
    if (this.entries.length < MAX_CORPUS) {
      this.draws.push(this.entries.length);
      this.entries.push(own(input));
    } else {
      this.entries[this.seeds + this.rng.int(MAX_CORPUS - this.seeds)] = own(input);
    }
  }

  /** An entry to mutate. */
  pick(): Input {
    return this.entries[this.draws[this.rng.int(this.draws.length)]!]!;
  }
}

/** A copy with its own memory: a slice of Node's shared 8 KB pool would keep the whole slab alive. */
function own(i: Input): Input {
  const data = Buffer.alloc(i.data.length);
  i.data.copy(data);
  return { ...i, data };
}
