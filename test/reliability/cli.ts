/**
 * The long reliability runs, outside vitest:
 *
 *   node --import tsx test/reliability/cli.ts crash [--cycles 200] [--seed N] [--min-up-ms 300] [--max-up-ms 2500] [--data-dir DIR]
 *   node --import tsx test/reliability/cli.ts soak [--seconds 3600] [--customers 300] [--seed N]
 *
 * Prints progress and a JSON report; exits 1 when a promise was broken.
 */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { crashProblems, runCrashHarness } from './harness/crash';
import { buildApp } from './harness/serve-process';
import { runSoak, soakProblems } from './harness/soak';

const [command, ...rest] = process.argv.slice(2);
const { values } = parseArgs({
  args: rest,
  options: {
    cycles: { type: 'string', default: '200' },
    seed: { type: 'string', default: String(Date.now() % 1_000_000) },
    'min-up-ms': { type: 'string', default: '300' },
    'max-up-ms': { type: 'string', default: '2500' },
    'data-dir': { type: 'string' },
    seconds: { type: 'string', default: '3600' },
    customers: { type: 'string', default: '300' },
  },
});

/** Prints what broke; the data directory is removed when nothing did, kept (and named) otherwise. */
function verdict(problems: string[], dataDir: string, keep = false): boolean {
  for (const line of problems) console.error(`BROKEN: ${line}`);
  if (problems.length) console.error(`the app's data directory is kept: ${dataDir}`);
  else if (!keep) rmSync(dataDir, { recursive: true, force: true });
  return problems.length === 0;
}

async function main(): Promise<boolean> {
  buildApp();
  if (command === 'crash') {
    const report = await runCrashHarness({ cycles: Number(values.cycles), seed: Number(values.seed), minUpMs: Number(values['min-up-ms']), maxUpMs: Number(values['max-up-ms']), ...(values['data-dir'] ? { dataDir: values['data-dir'] } : {}), log: (l) => console.log(l) });
    console.log(JSON.stringify({ ...report, traffic: report.traffic.counts }, null, 2));
    return verdict(crashProblems(report), report.dataDir, values['data-dir'] !== undefined);
  }
  if (command === 'soak') {
    const r = await runSoak({ seconds: Number(values.seconds), customers: Number(values.customers), seed: Number(values.seed), log: (l) => console.log(l) });
    console.log(JSON.stringify({ ...r, samples: r.samples.length }, null, 2));
    return verdict(soakProblems(r), r.dataDir);
  }
  console.error('usage: cli.ts crash|soak [options]');
  process.exit(2);
}

main().then(
  (ok) => process.exit(ok ? 0 : 1),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
