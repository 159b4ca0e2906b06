import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { IntlProvider } from 'react-intl';
import { describe, expect, it } from 'vitest';
import { paymentRows } from '../../../src/renderer/components/payment-chips';
import { TodayView } from '../../../src/renderer/features/owner/owner-today';
import { catalogs } from '../../../src/shared/i18n/catalog';
import { gatewayDay } from '../../fixtures/gateway-day';
import { PaymentSourceKey } from '../../../src/shared/domain';
import { gateText, keyFromName } from '../../../src/renderer/features/settings/payment-sources';
import { useData } from '../../../src/renderer/stores/data';

describe('a payment source key suggested from its name', () => {
  it('is the name in lower-case letters, digits and dashes, which the core takes as a key', () => {
    const cases: [string, string][] = [
      ['Front door', 'front-door'],
      ['Coin slot (door) #2', 'coin-slot-door-2'],
      ['  GCash QR — counter  ', 'gcash-qr-counter'],
      ['Piso WiFi Ñino’s', 'piso-wifi-nino-s'],
      ['A'.repeat(40), 'a'.repeat(32)],
      // Cut at 32 on a dash: no dash left at the end.
      [`${'b'.repeat(31)} c`, 'b'.repeat(31)],
    ];
    for (const [name, key] of cases) {
      expect(keyFromName(name), name).toBe(key);
      expect(PaymentSourceKey.safeParse(key).success, key).toBe(true);
    }
  });

  it('is empty when the name has nothing to make it of', () => {
    expect(keyFromName('')).toBe('');
    expect(keyFromName('— ✓ —')).toBe('');
  });
});

describe('how an event’s gate opened, in words', () => {
  const time = (at: number) => `t${at}`;
  it('says the path, when, and why the router’s API did not open it', () => {
    expect(gateText({ gate: 'router-api', gateAt: 5, gateError: null }, time)).toEqual({ text: 'Router API, t5', note: null, problem: false });
    expect(gateText({ gate: 'router-api', gateAt: null, gateError: null }, time)).toEqual({ text: 'Router API: opening…', note: null, problem: false });
    expect(gateText({ gate: 'login-page', gateAt: null, gateError: '"hAP" does not see AA:BB:CC:00:00:01 on its Hotspot' }, time)).toEqual({
      text: 'Login page: when the customer taps Connect',
      note: 'Router API: "hAP" does not see AA:BB:CC:00:00:01 on its Hotspot',
      problem: true,
    });
    expect(gateText({ gate: 'login-page', gateAt: 9, gateError: null }, time)).toEqual({ text: 'Login page, online t9', note: null, problem: false });
    expect(gateText({ gate: 'already-online', gateAt: 3, gateError: null }, time)).toEqual({ text: 'Already online', note: null, problem: false });
    expect(gateText({ gate: null, gateAt: null, gateError: null }, time).text).toBe('–');
  });
});

describe('Settings → Self-service reloading', () => {
  it('reloads when a source or its events change, and on the void of a self-service sale; not on every counter sale', () => {
    const version = () => useData.getState().paymentSourcesVersion;
    const start = version();
    expect(useData.getState().apply({ type: 'paymentSources.changed', seq: 1, at: 0, sourceId: 1 })).toBeNull();
    expect(version()).toBe(start + 1);
    useData.getState().apply({ type: 'sale.recorded', seq: 2, at: 0, sale: { kind: 'sale', sourceId: null } as never });
    useData.getState().apply({ type: 'sale.recorded', seq: 3, at: 0, sale: { kind: 'void', sourceId: null } as never });
    expect(version()).toBe(start + 1);
    useData.getState().apply({ type: 'sale.recorded', seq: 4, at: 0, sale: { kind: 'void', sourceId: 1 } as never });
    expect(version()).toBe(start + 2);
    useData.getState().resynced();
    expect(version()).toBe(start + 3);
  });
});

describe('Reports → Per payment with self-service gateways', () => {
  it('puts e-wallet gateway sales under E-wallet as their own row, not as "E-wallet not named"', () => {
    const rows = paymentRows(
      [{ paymentMethod: 'e-wallet', count: 3, totalMinor: 3500 }, { paymentMethod: 'coin', count: 1, totalMinor: 500 }],
      [{ wallet: 'GCash', count: 1, totalMinor: 2000 }],
      [
        { sourceId: 1, sourceName: 'QR stand', kind: 'e-wallet', count: 2, totalMinor: 1500 },
        { sourceId: 2, sourceName: 'Door', kind: 'coin', count: 1, totalMinor: 500 },
      ],
    );
    expect(rows.map((r) => [r.label, r.count, r.totalMinor, r.sub ?? false])).toEqual([
      ['E-wallet', 3, 3500, false],
      ['GCash', 1, 2000, true],
      ['Self-service gateways', 2, 1500, true],
      ['Coin slot', 1, 500, false],
    ]);
  });

  it('on the owner’s phone (Today) too: the lines under E-wallet add up to it', () => {
    const html = renderToStaticMarkup(createElement(IntlProvider, { locale: 'en-PH', messages: catalogs.en }, createElement(TodayView, { report: gatewayDay, at: gatewayDay.to })));
    const rows = [...html.matchAll(/<li class="owner-row( owner-row-sub)?"><span class="owner-row-label">([^<]*)<\/span><span class="owner-row-count">[^<]*<\/span><span class="owner-row-amount">([^<]*)<\/span>/g)];
    expect(rows.slice(0, 4).map(([, sub, label, amount]) => [label, amount, sub !== undefined])).toEqual([
      ['E-wallet', '₱35.00', false],
      ['GCash', '₱20.00', true],
      ['Self-service gateways', '₱15.00', true],
      ['Coin slot', '₱5.00', false],
    ]);
  });

  it('on the owner’s phone (Today): payments a source refused stand apart, first, with what to do, and in no other line', () => {
    const report = { ...gatewayDay, refusedBySource: [{ sourceId: 2, sourceName: 'Door', kind: 'coin' as const, count: 2, totalMinor: 1600 }] };
    const html = renderToStaticMarkup(createElement(IntlProvider, { locale: 'en-PH', messages: catalogs.en }, createElement(TodayView, { report, at: report.to })));
    const panel = /<section class="owner-panel owner-panel-warn" aria-label="Paid but refused \(no sale\)">(.*?)<\/section>/.exec(html);
    expect(panel, 'the refused panel').not.toBeNull();
    expect(html.indexOf('owner-panel-warn'), 'before the other lists').toBeLessThan(html.indexOf('<section class="owner-panel" '));
    expect(panel![1]).toContain('refund the customer or sell by hand');
    expect(panel![1]).toMatch(/<span class="owner-row-label">Door · Coin slot<\/span><span class="owner-row-count">Refused: 2<\/span><span class="owner-row-amount">₱16.00<\/span>/);
    expect(renderToStaticMarkup(createElement(IntlProvider, { locale: 'en-PH', messages: catalogs.en }, createElement(TodayView, { report: gatewayDay, at: gatewayDay.to })))).not.toContain('owner-panel-warn');
  });
});
