/** The live index's min-heap (due times, last reports): earliest first, past its initial room, after a clear. */
import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../../src/main/db/live-sessions';

/** A seeded generator, so a failure repeats. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

describe('MinHeap', () => {
  it('gives entries back earliest first, with pops between pushes, well past its first 1,024 slots', () => {
    const next = random(17);
    const heap = new MinHeap();
    const held: [number, number][] = [];
    const popped: number[] = [];
    for (let i = 0; i < 6000; i++) {
      // Times as the index files them (epoch ms, some equal) and ids as SQLite gives them.
      const at = 1_764_000_000_000 + Math.floor(next() * 500) * 1000;
      heap.push(at, i + 1);
      held.push([at, i + 1]);
      if (next() < 0.2) {
        const at0 = heap.peekAt();
        const id = heap.pop();
        const k = held.findIndex(([a, x]) => a === at0 && x === id);
        expect(k).not.toBe(-1);
        expect(Math.min(...held.map(([a]) => a))).toBe(at0);
        held.splice(k, 1);
        popped.push(id);
      }
    }
    expect(heap.length).toBe(held.length);
    const rest: number[] = [];
    while (heap.length) {
      rest.push(heap.peekAt());
      heap.pop();
    }
    expect(rest).toEqual(held.map(([a]) => a).sort((a, b) => a - b));
    expect(heap.peekAt()).toBe(Infinity);
    expect(new Set([...popped]).size).toBe(popped.length);
  });

  it('starts empty again after a clear, keeping or giving back its room', () => {
    for (const release of [false, true]) {
      const heap = new MinHeap();
      for (let i = 0; i < 3000; i++) heap.push(3000 - i, i);
      heap.clear(release);
      expect(heap.length).toBe(0);
      expect(heap.peekAt()).toBe(Infinity);
      heap.push(5, 42);
      heap.push(2, 7);
      expect(heap.peekAt()).toBe(2);
      expect(heap.pop()).toBe(7);
      expect(heap.pop()).toBe(42);
      expect(heap.length).toBe(0);
    }
  });
});
