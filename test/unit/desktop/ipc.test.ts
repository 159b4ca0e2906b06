import { describe, expect, it } from 'vitest';
import { contract, methodNames } from '../../../src/shared/contract';
import { channelOf, desktopChannels, methodList } from '../../../src/shared/methods';
import { registerContract, type Envelope } from '../../../src/main/ipc/contract';
import { registerDesktopIpc, type Printable } from '../../../src/main/ipc/desktop';
import { forwardEvents } from '../../../src/main/ipc/events';
import { silentLogger } from '../../../src/main/log';
import { hourPackage, startCore } from '../../helpers/core';
import { FakeIpcMain, FakeWebContents, type FakeFrame } from '../../helpers/fake-electron';

const app: FakeFrame = { url: 'app://iwas/index.html', processId: 7, routingId: 1 };
const foreign: FakeFrame = { url: 'https://evil.example/', processId: 9, routingId: 1 };
const trusted = (f: Electron.WebFrameMain | null) => (f as FakeFrame | null)?.url === app.url;

describe('the contract over IPC', () => {
  it('registers exactly one handler per contract method, each on its own channel, and refuses a second registration', async () => {
    const t = await startCore();
    const ipc = new FakeIpcMain();
    const off = registerContract(ipc, t.core.api, trusted, silentLogger);
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map((m) => `iwas:${m}`).sort());
    expect([...methodList].sort()).toEqual(Object.keys(contract).sort());
    expect(() => registerContract(ipc, t.core.api, trusted, silentLogger)).toThrow(/already registered/);
    off();
    expect(ipc.handlers.size).toBe(0);
    registerContract(ipc, t.core.api, trusted, silentLogger); // again after unregistering
  });

  it('answers the app’s own page, refuses any other frame without touching the till, and refuses a malformed payload with field messages', async () => {
    const t = await startCore();
    const ipc = new FakeIpcMain();
    registerContract(ipc, t.core.api, trusted, silentLogger);
    const pkg = await t.call('packages.create', hourPackage);

    const ok = (await ipc.invoke(channelOf('sales.sell'), app, { packageId: pkg.id, paidMinor: 2000 }, t.adminToken)) as Envelope;
    expect(ok).toMatchObject({ ok: true, value: { sale: { priceMinor: 2000 } } });

    const refused = (await ipc.invoke(channelOf('sales.sell'), foreign, { packageId: pkg.id, paidMinor: 2000 }, t.adminToken)) as Envelope;
    expect(refused).toEqual({ ok: false, error: { code: 'forbidden', message: 'ipc: only the app’s own window may call this' } });
    expect(await ipc.invoke(channelOf('setup.status'), null)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await t.call('sales.list', {})).sales).toHaveLength(1);

    const bad = (await ipc.invoke(channelOf('packages.create'), app, { name: '', pricing: 'fixed', priceMinor: -5 }, t.adminToken)) as Envelope;
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', fields: { name: 'Required', priceMinor: expect.any(String) } } });
    expect(await ipc.invoke(channelOf('settings.update'), app, 'not an object', t.adminToken)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    // Access is the core's: a cashier's token gets the same refusal as over HTTP.
    expect(await ipc.invoke(channelOf('settings.update'), app, {}, await t.cashierToken())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // A non-string token is no token.
    expect(await ipc.invoke(channelOf('sales.list'), app, {}, { token: t.adminToken })).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  });

  it('sends core events to the window while it exists', async () => {
    const t = await startCore();
    const wc = new FakeWebContents();
    forwardEvents(t.core.events, () => wc);
    t.core.events.emit('packages.changed', {});
    expect(wc.sent).toEqual([[desktopChannels.event, expect.objectContaining({ type: 'packages.changed' })]]);
    wc.destroyed = true;
    t.core.events.emit('packages.changed', {});
    expect(wc.sent).toHaveLength(1);
  });
});

describe('printing over IPC', () => {
  const printer = () => {
    const calls: Electron.WebContentsPrintOptions[] = [];
    let answer: [boolean, string] = [true, ''];
    const sender: Printable & { calls: typeof calls; answer(a: [boolean, string]): void } = {
      calls,
      answer: (a) => (answer = a),
      print: (options, cb) => {
        calls.push(options);
        cb(...answer);
      },
      getPrintersAsync: async () => [{ name: 'XP-58', displayName: 'Xprinter XP-58', description: '', options: {} }] as Electron.PrinterInfo[],
    };
    return sender;
  };
  const setup = (printing = { printerName: 'XP-58', silent: true }) => {
    const ipc = new FakeIpcMain();
    registerDesktopIpc(ipc, { trusted, printing: () => printing, info: { version: '0.1.0', dataDir: '/d', logsDir: '/l' }, log: silentLogger });
    const sender = printer();
    const call = (channel: string, frame: FakeFrame, ...args: unknown[]) => Promise.resolve(ipc.handlers.get(channel)!({ senderFrame: frame as unknown as Electron.WebFrameMain, sender }, ...args)) as Promise<Envelope>;
    return { sender, call };
  };

  it('prints the slip on the chosen receipt printer, silently when set so, at the roll width', async () => {
    const { sender, call } = setup();
    expect(await call(desktopChannels.print, app, { widthMm: 80 })).toEqual({ ok: true, value: { printed: true } });
    expect(sender.calls[0]).toEqual({ silent: true, deviceName: 'XP-58', printBackground: false, margins: { marginType: 'none' }, usePrinterDefaultPageSize: true });
    sender.answer([false, 'cancelled']);
    expect(await call(desktopChannels.print, app, { widthMm: 58 })).toEqual({ ok: true, value: { printed: false } });
    sender.answer([false, 'Printer is out of paper']);
    expect(await call(desktopChannels.print, app, { widthMm: 58 })).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'The slip did not print: Printer is out of paper (printer “XP-58”)' } });
    expect(await call(desktopChannels.print, app, { widthMm: 100 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await call(desktopChannels.print, foreign, { widthMm: 58 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(sender.calls).toHaveLength(3);
  });

  it('prints an A4 sheet of voucher cards through the print dialog (any printer, the page’s own margins), never silently on the receipt printer', async () => {
    const { sender, call } = setup({ printerName: 'XP-58', silent: true });
    expect(await call(desktopChannels.print, app, { pageSize: 'A4' })).toEqual({ ok: true, value: { printed: true } });
    expect(sender.calls[0]).toEqual({ silent: false, printBackground: false, margins: { marginType: 'default' }, pageSize: 'A4' });
    sender.answer([false, 'Print job canceled']);
    expect(await call(desktopChannels.print, app, { pageSize: 'A4' })).toEqual({ ok: true, value: { printed: false } });
    sender.answer([false, 'Printer offline']);
    expect(await call(desktopChannels.print, app, { pageSize: 'A4' })).toMatchObject({ ok: false, error: { code: 'unavailable', message: 'The sheet did not print: Printer offline' } });
    // One paper at a time, and only the sizes the app prints on.
    for (const bad of [{ pageSize: 'A3' }, { pageSize: 'A4', widthMm: 58 }, { pageSize: { width: 1, height: 1 } }, {}, null]) {
      expect(await call(desktopChannels.print, app, bad), JSON.stringify(bad)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await call(desktopChannels.print, foreign, { pageSize: 'A4' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(sender.calls).toHaveLength(3);
  });

  it('without a printer named, prints to the system default (no deviceName); lists printers', async () => {
    const { sender, call } = setup({ printerName: '', silent: false });
    await call(desktopChannels.print, app, { widthMm: 58 });
    expect(sender.calls[0]).not.toHaveProperty('deviceName');
    expect(sender.calls[0]!.silent).toBe(false);
    expect(await call(desktopChannels.printers, app)).toEqual({ ok: true, value: [{ name: 'XP-58', displayName: 'Xprinter XP-58' }] });
    expect(await call(desktopChannels.info, app)).toEqual({ ok: true, value: { version: '0.1.0', dataDir: '/d', logsDir: '/l' } });
  });
});
