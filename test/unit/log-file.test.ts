import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/main/log';
import { fileSink } from '../../src/main/log-file';
import { tempDir } from '../helpers/temp';

describe('the log file', () => {
  it('appends lines, rotates by size and keeps only the newest files', () => {
    const dir = join(tempDir(), 'logs');
    const sink = fileSink({ dir, maxBytes: 400, keep: 2 });
    const log = createLogger(sink, 'info', 'radius');
    for (let i = 0; i < 30; i++) log.info(`line ${i}`, { i });
    expect(readdirSync(dir).sort()).toEqual(['iwas.1.log', 'iwas.2.log', 'iwas.log']);
    const current = readFileSync(sink.file, 'utf8');
    expect(current).toMatch(/INFO {2}radius: line 29 \{"i":29\}\n$/);
    for (const f of readdirSync(dir)) expect(readFileSync(join(dir, f)).length).toBeLessThanOrEqual(400);
    // Nothing in between was lost: the three files hold the last lines in order.
    const all = ['iwas.2.log', 'iwas.1.log', 'iwas.log'].map((f) => readFileSync(join(dir, f), 'utf8')).join('');
    const numbers = [...all.matchAll(/line (\d+)/g)].map((m) => Number(m[1]));
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, k) => 30 - numbers.length + k));
  });

  it('never throws when the log cannot be written', () => {
    const blocked = join(tempDir(), 'x');
    writeFileSync(blocked, '');
    const log = createLogger(fileSink({ dir: join(blocked, 'logs') }), 'info');
    expect(() => log.error('still selling')).not.toThrow();
  });
});
