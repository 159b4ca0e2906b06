import { describe, expect, it } from 'vitest';
import { summaryText } from '../../../src/main/summary/text';
import { gatewayDay as report } from '../../fixtures/gateway-day';

describe('the daily summary with a self-service e-wallet gateway', () => {
  it('lists the gateways’ sales under E-wallet, so its lines add up to the E-wallet total', () => {
    const text = summaryText({ cafeName: 'Net Café', money: { currency: 'PHP', locale: 'en-PH' }, day: '2026-11-21', report, liveSessions: 0, madeAt: report.to });
    expect(text).toContain(['  E-wallet: 3 · ₱35.00', '    GCash: 1 · ₱20.00', '    Self-service gateways: 2 · ₱15.00', '  Coin slot: 1 · ₱5.00'].join('\n'));
  });
});

describe('the daily summary with payments a source refused', () => {
  it('lists them apart, per source, for the owner to refund (they are in no total)', () => {
    const refused = { ...report, refusedBySource: [{ sourceId: 2, sourceName: 'Door', kind: 'coin' as const, count: 2, totalMinor: 1600 }] };
    const text = summaryText({ cafeName: 'Net Café', money: { currency: 'PHP', locale: 'en-PH' }, day: '2026-11-21', report: refused, liveSessions: 0, madeAt: report.to });
    expect(text).toContain('\n\nPaid but refused (no sale: refund or sell by hand):\n  Door: 2 · ₱16.00\n');
    expect(summaryText({ cafeName: 'Net Café', money: { currency: 'PHP', locale: 'en-PH' }, day: '2026-11-21', report, liveSessions: 0, madeAt: report.to })).not.toContain('refused');
  });
});
