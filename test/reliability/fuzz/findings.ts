/**
 * What went wrong during a run, by kind, with the inputs that did it written to the
 * output directory as hex (one `port source hex` line each, see input.ts) so a
 * failure can be replayed and turned into a unit test.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatInput, type Input } from './input';

/** Files written per run at most: the first few of each kind tell the story. */
const MAX_FILES_PER_KIND = 10;

export class Findings {
  readonly counts: Record<string, number> = {};
  readonly files: string[] = [];

  constructor(
    private readonly dir: string,
    private readonly target: string,
    private readonly seed: number,
  ) {}

  get total(): number {
    return Object.values(this.counts).reduce((a, b) => a + b, 0);
  }

  /** Counts a failure of `kind` and saves the inputs that may have caused it. */
  report(kind: string, detail: string, inputs: readonly Input[]): void {
    const n = (this.counts[kind] = (this.counts[kind] ?? 0) + 1);
    if (n > MAX_FILES_PER_KIND) return;
    mkdirSync(this.dir, { recursive: true });
    const file = join(this.dir, `${this.target}-${kind}-${n}.hex`);
    const header = [`# ${kind}: ${detail.replaceAll('\n', ' ')}`, `# target ${this.target}, seed ${this.seed}; lines: port source(0-2, input.ts) hex`];
    writeFileSync(file, [...header, ...inputs.map(formatInput), ''].join('\n'));
    this.files.push(file);
  }
}
