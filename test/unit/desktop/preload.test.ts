/** The preload bridge: one named function per contract method on its own channel, events, printing; nothing generic. */
import { describe, expect, it, vi } from 'vitest';
import { desktopChannels, methodList } from '../../../src/shared/methods';

const exposed = new Map<string, Record<string, unknown>>();
const invoked: unknown[][] = [];
const listeners = new Map<string, Set<(...a: unknown[]) => void>>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (...args: unknown[]) => {
      invoked.push(args);
      return Promise.resolve({ ok: true, value: null });
    },
    on: (channel: string, fn: (...a: unknown[]) => void) => {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(fn);
    },
    removeListener: (channel: string, fn: (...a: unknown[]) => void) => listeners.get(channel)?.delete(fn),
  },
}));

await import('../../../src/main/preload');

describe('the preload bridge', () => {
  it('exposes exactly the contract methods and an event subscription on window.iwas', () => {
    expect([...exposed.keys()].sort()).toEqual(['iwas', 'iwasDesktop']);
    const iwas = exposed.get('iwas')!;
    expect(Object.keys(iwas).sort()).toEqual([...methodList, 'events'].sort());
    expect(Object.keys(exposed.get('iwasDesktop')!).sort()).toEqual(['info', 'print', 'printers']);
    for (const v of Object.values(iwas)) expect(['function', 'object']).toContain(typeof v);
  });

  it('each method invokes its own channel with the input and the operator token', async () => {
    const iwas = exposed.get('iwas') as Record<string, (i: unknown, t: string | null) => Promise<unknown>>;
    await iwas['sales.sell']!({ packageId: 1, paidMinor: 2000 }, 'op-token');
    await iwas['status.get']!({}, null);
    expect(invoked.slice(-2)).toEqual([
      ['iwas:sales.sell', { packageId: 1, paidMinor: 2000 }, 'op-token'],
      ['iwas:status.get', {}, null],
    ]);
    await (exposed.get('iwasDesktop') as { print(o: unknown): Promise<unknown> }).print({ widthMm: 58 });
    expect(invoked.at(-1)).toEqual([desktopChannels.print, { widthMm: 58 }]);
    await (exposed.get('iwasDesktop') as { print(o: unknown): Promise<unknown> }).print({ pageSize: 'A4' });
    expect(invoked.at(-1)).toEqual([desktopChannels.print, { pageSize: 'A4' }]);
  });

  it('delivers core events to a subscriber until it unsubscribes', () => {
    const iwas = exposed.get('iwas') as { events: { subscribe(l: (e: unknown) => void): () => void } };
    const got: unknown[] = [];
    const stop = iwas.events.subscribe((e) => got.push(e));
    for (const fn of listeners.get(desktopChannels.event)!) fn({}, { type: 'packages.changed' });
    stop();
    expect(listeners.get(desktopChannels.event)!.size).toBe(0);
    expect(got).toEqual([{ type: 'packages.changed' }]);
  });
});
