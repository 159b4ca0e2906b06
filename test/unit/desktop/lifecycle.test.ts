/**
 * The desktop app's whole lifecycle (src/main/index.ts) against a stand-in for Electron:
 * it opens the core in the user's folder, shows the UI, answers the contract over IPC,
 * keeps running with the window closed, asks before quitting with customers online, and
 * stops the core before exiting. Listeners on 127.0.0.1, free ports.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { channelOf } from '../../../src/shared/methods';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/udp';
import { FakeApp, FakeBrowserWindow, FakeIpcMain, FakeTray } from '../../helpers/fake-electron';

const ROOT = join(__dirname, '../../..');
const answers: number[] = [];
const asked: string[] = [];
const errors: string[] = [];
const state = vi.hoisted(() => ({ app: null as unknown as FakeApp, ipc: null as unknown as FakeIpcMain }));

vi.mock('electron', async () => {
  const fake = await import('../../helpers/fake-electron');
  const { keyring } = await import('../../helpers/keyring');
  return {
    get app() {
      return state.app;
    },
    get ipcMain() {
      return state.ipc;
    },
    BrowserWindow: fake.FakeBrowserWindow,
    Tray: fake.FakeTray,
    Menu: { buildFromTemplate: (t: unknown) => t },
    nativeImage: { createFromDataURL: (u: string) => ({ url: u }) },
    protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
    safeStorage: keyring('this-pc'),
    dialog: {
      showErrorBox: (title: string, message: string) => errors.push(`${title}: ${message}`),
      showMessageBox: async (...args: unknown[]) => {
        const q = args.at(-1) as { message: string };
        asked.push(q.message);
        return { response: answers.shift() ?? 0 };
      },
    },
  };
});

describe('the desktop app', () => {
  it('starts the core in the user folder, serves the UI over IPC, hides on close, asks before quitting, stops cleanly', async () => {
    const userData = tempDir();
    // The installed app's resources: the database driver (here the one plain Node uses, as the tests run in Node).
    const resources = tempDir();
    mkdirSync(join(resources, 'native'));
    copyFileSync(join(ROOT, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'), join(resources, 'native', 'better_sqlite3.node'));
    Object.assign(process, { resourcesPath: resources });
    Object.assign(process.env, { IWAS_RADIUS_HOST: '127.0.0.1', IWAS_RADIUS_AUTH_PORT: '0', IWAS_RADIUS_ACCT_PORT: '0', IWAS_WEBHOOK_HOST: '127.0.0.1', IWAS_WEBHOOK_PORT: '0', XDG_CONFIG_HOME: tempDir() });
    state.app = new FakeApp({ userData, appPath: ROOT });
    state.ipc = new FakeIpcMain();

    await import('../../../src/main/index');
    await until(() => FakeBrowserWindow.created.length === 1 && FakeTray.created.length === 1, 10_000);
    const win = FakeBrowserWindow.created[0]!;
    const tray = FakeTray.created[0]!;
    expect(errors).toEqual([]);
    expect(existsSync(join(userData, 'data', 'iwas.sqlite'))).toBe(true);
    expect(existsSync(join(userData, 'logs', 'iwas.log'))).toBe(true);
    expect(win.loaded).toBe('app://iwas/index.html');
    expect(win.options).toMatchObject({ webPreferences: { preload: expect.stringMatching(/preload\.cjs$/), sandbox: true } });
    expect(tray.menu.map((i) => i.label ?? i.type)).toEqual(['Open IWAS Counter', 'separator', expect.stringMatching(/^Serving WiFi \(RADIUS \d+\/\d+\) · 0 live sessions$/), 'separator', 'Quit IWAS Counter…']);

    // The UI's calls, from the window's own page.
    const call = (method: Parameters<typeof channelOf>[0], input: unknown, token: string | null = null) =>
      state.ipc.invoke(channelOf(method), win.webContents.mainFrame, input, token) as Promise<{ ok: boolean; value: { token: string; id: number } }>;
    expect(await call('setup.status', {})).toEqual({ ok: true, value: { needsAdmin: true, version: expect.any(String), language: 'en' } });
    const admin = (await call('setup.createAdmin', { name: 'Ana', pin: '1234' })).value.token as string;
    const pkg = (await call('packages.create', { name: '1 hour', pricing: 'fixed', priceMinor: 2000, timeLimitS: 3600 }, admin)).value;
    expect(await call('sales.sell', { packageId: pkg.id, paidMinor: 2000 }, admin)).toMatchObject({ ok: true });
    // Start with the system: on by default in the installed app.
    if (process.platform === 'linux') expect(existsSync(join(process.env.XDG_CONFIG_HOME!, 'autostart', 'iwas-counter.desktop'))).toBe(true);
    else expect(state.app.loginItems).toEqual([{ openAtLogin: true, args: ['--hidden'], openAsHidden: true }]);

    // Closing the window hides it; the core keeps answering.
    win.emit('ready-to-show');
    expect(win.tryClose()).toBe(false);
    expect(win.visible).toBe(false);
    expect(await call('status.get', {}, admin)).toMatchObject({ ok: true, value: { liveSessions: 1 } });
    // A second start shows the window.
    state.app.emit('second-instance');
    expect(win.visible).toBe(true);

    // Quitting with a customer waiting: asked; "Keep running" keeps running.
    answers.push(0);
    state.app.quit();
    await until(() => asked.length === 1, 3000);
    expect(asked[0]).toBe('1 customer is online or waiting to log in.');
    await new Promise((r) => setTimeout(r, 50));
    expect(state.app.exited).toEqual([]);
    expect(await call('status.get', {}, admin)).toMatchObject({ ok: true });

    // "Quit anyway": the core stops, the tray goes, the process exits 0.
    answers.push(1);
    state.app.quit();
    await until(() => state.app.exited.length > 0, 5000);
    expect(state.app.exited).toEqual([0]);
    expect(tray.destroyed).toBe(true);
    expect(win.tryClose()).toBe(true);
    expect(errors).toEqual([]);
  }, 30_000);
});
