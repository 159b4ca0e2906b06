import { describe, expect, it } from 'vitest';
import type { CoreEvent } from '../../../src/shared/events';
import { AppError } from '../../../src/shared/errors';
import { desktopTransport, type DesktopBridge } from '../../../src/renderer/lib/desktop-transport';

describe('the desktop transport', () => {
  it('calls the bridge’s function for the method and turns an error envelope back into an AppError with its fields', async () => {
    const calls: unknown[][] = [];
    const bridge: DesktopBridge = {
      'sales.sell': async (input: unknown, token: string | null) => {
        calls.push([input, token]);
        return { ok: false, error: { code: 'invalid_input', message: 'Check the highlighted fields', fields: { paidMinor: 'Required' } } };
      },
      'status.get': async () => ({ ok: true, value: { liveSessions: 3 } }),
      events: { subscribe: () => () => undefined },
    };
    const t = desktopTransport(bridge);
    expect(await t.call('status.get', {}, null)).toEqual({ liveSessions: 3 });
    const err = await t.call('sales.sell', { packageId: 1 }, 'op').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid_input', fields: { paidMinor: 'Required' } });
    expect(calls).toEqual([[{ packageId: 1 }, 'op']]);
    await expect(t.call('nope.nope', {}, null)).rejects.toMatchObject({ code: 'not_found' });
  });

  it('is connected at once and delivers events until stopped', async () => {
    let listener: ((e: CoreEvent) => void) | null = null;
    const bridge: DesktopBridge = { events: { subscribe: (l) => ((listener = l), () => (listener = null)) } };
    const got: string[] = [];
    const up: boolean[] = [];
    const stop = desktopTransport(bridge).subscribe((e) => got.push(e.type), (u) => up.push(u));
    await new Promise((r) => setTimeout(r, 5));
    listener!({ type: 'sale.recorded', seq: 1, at: 0 } as unknown as CoreEvent);
    stop();
    expect(listener).toBeNull();
    expect(got).toEqual(['sale.recorded']);
    expect(up).toEqual([true]);
  });
});
