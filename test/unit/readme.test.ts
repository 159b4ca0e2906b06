import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../src/shared/contract';

const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

describe('README', () => {
  it('documents every API method with who may call it (regenerate with `npx tsx scripts/api-table.ts`)', () => {
    for (const m of methodNames) expect(readme, m).toContain(`| \`${m}\` | ${contract[m].allowed} | ${contract[m].summary} |`);
  });

  it('opens with the two commands for a fresh machine, and .ci/run runs the test one', () => {
    const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(blocks.length).toBeGreaterThanOrEqual(2);
    const ci = readFileSync(join(__dirname, '../../.ci/run'), 'utf8');
    expect(ci.trim().split('\n').at(-1)).toBe(blocks[1]);
  });

  it('shows only screenshots that exist (npm run screenshots writes them)', () => {
    const shots = [...readme.matchAll(/\]\((docs\/screenshots\/[^)]+\.png)\)/g)].map((m) => m[1]!);
    expect(shots.length).toBeGreaterThan(10);
    expect(shots.filter((f) => !existsSync(join(__dirname, '../..', f)))).toEqual([]);
  });
});
