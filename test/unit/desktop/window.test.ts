/**
 * The window and its guards, with a stand-in for Electron: the hardened options, nothing
 * but the app's own page, closing hides (the WiFi service keeps running), only the
 * window's own top frame is trusted over IPC.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../../src/shared/methods';
import { FakeBrowserWindow, FakeIpcMain, navigation, type FakeFrame } from '../../helpers/fake-electron';

vi.mock('electron', async () => {
  const fake = await import('../../helpers/fake-electron');
  return { BrowserWindow: fake.FakeBrowserWindow, protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() } };
});

const { createMainWindow } = await import('../../../src/main/window/main-window');
const { mainWindowOptions } = await import('../../../src/main/window/options');
const { registerContract } = await import('../../../src/main/ipc/contract');
const { silentLogger } = await import('../../../src/main/log');
const { startCore } = await import('../../helpers/core');

beforeEach(() => {
  FakeBrowserWindow.created.length = 0;
});

describe('the main window', () => {
  it('is created with the hardened options and loads the app from app://iwas/', () => {
    const opts = mainWindowOptions('/app/dist/main/preload.cjs', { devTools: false });
    expect(opts.webPreferences).toEqual({
      preload: '/app/dist/main/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: false,
    });
    createMainWindow({ preload: '/p.cjs', devTools: false, startHidden: false });
    const win = FakeBrowserWindow.created[0]!;
    expect(win.options).toMatchObject({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, preload: '/p.cjs' } });
    expect(win.loaded).toBe('app://iwas/index.html');
    win.emit('ready-to-show');
    expect(win.visible).toBe(true);
  });

  it('starts hidden in the tray when the system started it', () => {
    createMainWindow({ preload: '/p.cjs', devTools: false, startHidden: true });
    const win = FakeBrowserWindow.created[0]!;
    win.emit('ready-to-show');
    expect(win.visible).toBe(false);
  });

  it('denies new windows, navigation away from the app, webviews and permissions', () => {
    createMainWindow({ preload: '/p.cjs', devTools: false, startHidden: false });
    const wc = FakeBrowserWindow.created[0]!.webContents;
    expect(wc.windowOpenHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    for (const [event, url, blocked] of [
      ['will-navigate', 'https://evil.example/', true],
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-redirect', 'http://10.5.50.1/login', true],
      ['will-navigate', 'app://other/index.html', true],
      ['will-navigate', 'app://iwas/index.html', false],
    ] as const) {
      const e = navigation();
      wc.emit(event, e, url);
      expect(e.prevented, `${event} ${url}`).toBe(blocked);
    }
    const webview = navigation();
    wc.emit('will-attach-webview', webview);
    expect(webview.prevented).toBe(true);
    const asked: boolean[] = [];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-sanitized-write']) wc.session.permissionRequest!({ getURL: () => 'app://iwas/index.html' }, permission, (ok) => asked.push(ok));
    expect(asked).toEqual([false, false, false, false, true]);
    expect(wc.session.permissionCheck!(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
    expect(wc.session.permissionCheck!(null, 'media', 'app://iwas')).toBe(false);
  });

  it('trusts only its own top frame showing the app', () => {
    const w = createMainWindow({ preload: '/p.cjs', devTools: false, startHidden: false });
    const own = w.window.webContents.mainFrame as unknown as FakeFrame;
    const frame = (f: FakeFrame) => f as unknown as Electron.WebFrameMain;
    expect(w.isOwnFrame(frame(own))).toBe(true);
    expect(w.isOwnFrame(frame({ ...own }))).toBe(true);
    expect(w.isOwnFrame(frame({ ...own, routingId: 2 }))).toBe(false); // a subframe
    expect(w.isOwnFrame(frame({ ...own, processId: 8 }))).toBe(false); // another window
    expect(w.isOwnFrame(frame({ ...own, url: 'https://evil.example/' }))).toBe(false); // navigated away somehow
    expect(w.isOwnFrame(null)).toBe(false);
  });

  it('closing the window hides it and the core keeps serving; only quitting lets it close', async () => {
    const t = await startCore();
    const ipc = new FakeIpcMain();
    let hidden = 0;
    const w = createMainWindow({ preload: '/p.cjs', devTools: false, startHidden: false, onHidden: () => hidden++ });
    registerContract(ipc, t.core.api, (f) => w.isOwnFrame(f), silentLogger);
    const win = FakeBrowserWindow.created[0]!;
    win.emit('ready-to-show');
    expect(win.tryClose()).toBe(false);
    expect(win.visible).toBe(false);
    expect(hidden).toBe(1);
    // The till still answers, and the database is still open.
    expect(await ipc.invoke(channelOf('setup.status'), win.webContents.mainFrame)).toMatchObject({ ok: true, value: { needsAdmin: false } });
    expect(t.core.store.db.open).toBe(true);
    w.show();
    expect(win.visible).toBe(true);
    w.allowClose();
    expect(win.tryClose()).toBe(true);
  });
});
