/**
 * README's reference client for coin-slot and payment vendors, run as it is printed
 * (a Node process) against a real core's LAN port: what vendors copy must work.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dataByAmount, startCore } from '../helpers/core';
import { tempDir } from '../helpers/temp';

const run = promisify(execFile);
const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');

/** The js block of the vendors' section. */
function referenceClient(): string {
  const section = readme.slice(readme.indexOf('## For coin-slot and payment vendors'));
  return /```js\n([\s\S]*?)```/.exec(section)![1]!;
}

describe("README's reference client for payment vendors", () => {
  it('is about 20 lines, signs a payment the app takes (200, one sale with its reference), and stops on a 4xx', async () => {
    const code = referenceClient();
    expect(code.trim().split('\n').length).toBeLessThanOrEqual(22);
    const file = join(tempDir(), 'pay.mjs');
    writeFileSync(file, code);

    const t = await startCore({ webhook: { host: '127.0.0.1', port: 0 }, clock: { now: Date.now } });
    const pkg = await t.call('packages.create', dataByAmount);
    const { secret } = await t.call('paymentSources.create', { key: 'coin-door', name: 'Coin slot', kind: 'coin', packageIds: [pkg.id], defaultPackageId: pkg.id });
    const url = `http://127.0.0.1:${t.core.webhook!.port}/payments/events`;

    const ok = await run(process.execPath, [file, url, 'coin-door', secret, 'aa-bb-cc-dd-ee-01', '1500', 'COIN-77']);
    expect(ok.stdout).toMatch(/^200 \{"ok":true,.*"duplicate":false/);
    const { sales } = await t.call('sales.list', { search: 'COIN-77' });
    expect(sales).toMatchObject([{ paymentMethod: 'coin', priceMinor: 1500, grantedDataBytes: 300_000_000, operatorName: 'self-service: Coin slot' }]);

    const refused = await run(process.execPath, [file, url, 'coin-door', 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'aa-bb-cc-dd-ee-02', '500']).catch((e: { code: number; stdout: string }) => e);
    expect(refused).toMatchObject({ code: 1, stdout: expect.stringMatching(/^401 /) });
  });
});
