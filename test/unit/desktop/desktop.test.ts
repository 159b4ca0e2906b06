import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyAutostart, linuxAutostartEntry, setLinuxAutostart } from '../../../src/main/desktop/autostart';
import { installCrashHandlers } from '../../../src/main/desktop/crash';
import { nativeBindingPath, nativeBindingProblem } from '../../../src/main/desktop/native';
import { confirmQuit, quitQuestion } from '../../../src/main/desktop/quit';
import { trayMenu, trayStatusLine } from '../../../src/main/desktop/tray';
import { createLogger } from '../../../src/main/log';
import { waitForKeyring } from '../../../src/main/security/secret-box';
import { tempDir } from '../../helpers/temp';

const radiusUp = { listening: true, host: '0.0.0.0', authPort: 1812, acctPort: 1813, error: null, lastWriteError: null };

describe('quitting', () => {
  it('asks first when customers are online, and only "Quit anyway" quits', async () => {
    expect(quitQuestion(0)).toBeNull();
    expect(await confirmQuit(0, () => Promise.reject(new Error('must not ask')))).toBe(true);
    const q = quitQuestion(3)!;
    expect(q).toMatchObject({ buttons: ['Keep running', 'Quit anyway'], defaultId: 0, cancelId: 0, message: '3 customers are online or waiting to log in.' });
    expect(await confirmQuit(3, async () => ({ response: 0 }))).toBe(false);
    expect(await confirmQuit(1, async () => ({ response: 1 }))).toBe(true);
  });
});

describe('the tray', () => {
  it('says whether the WiFi is served, and offers open and quit', () => {
    const opened: string[] = [];
    const menu = trayMenu({ radius: radiusUp, liveSessions: 12 }, { open: () => opened.push('open'), quit: () => opened.push('quit') });
    expect(menu.map((i) => i.label ?? i.type)).toEqual(['Open IWAS Counter', 'separator', 'Serving WiFi (RADIUS 1812/1813) · 12 live sessions', 'separator', 'Quit IWAS Counter…']);
    (menu[0]!.click as () => void)();
    (menu[4]!.click as () => void)();
    expect(opened).toEqual(['open', 'quit']);
    expect(trayStatusLine({ radius: { ...radiusUp, listening: false, error: 'port 1812 is in use' }, liveSessions: 0 })).toBe('RADIUS not listening: port 1812 is in use');
  });
});

describe('starting with the system', () => {
  it('Linux: writes an XDG autostart entry that starts hidden, removes it when turned off', () => {
    const home = tempDir();
    const file = setLinuxAutostart(true, '/opt/IWAS Counter/iwas-counter', home);
    expect(file).toBe(join(home, 'autostart', 'iwas-counter.desktop'));
    expect(readFileSync(file, 'utf8')).toContain('Exec="/opt/IWAS Counter/iwas-counter" --hidden\n');
    setLinuxAutostart(false, '/x', home);
    expect(existsSync(file)).toBe(false);
    expect(linuxAutostartEntry('/usr/bin/iwas')).toMatch(/^\[Desktop Entry\]\nType=Application\nName=IWAS Counter\n/);
  });

  it('Windows: a login item that starts hidden', () => {
    const set: unknown[] = [];
    applyAutostart(true, { platform: 'win32', execPath: 'C:\\x.exe', setLoginItemSettings: (s) => set.push(s) });
    applyAutostart(false, { platform: 'win32', execPath: 'C:\\x.exe', setLoginItemSettings: (s) => set.push(s) });
    expect(set).toEqual([
      { openAtLogin: true, args: ['--hidden'], openAsHidden: true },
      { openAtLogin: false, args: ['--hidden'], openAsHidden: true },
    ]);
  });
});

describe('the database driver for Electron', () => {
  it('is looked up in the installed app’s resources or the project’s build folder, and checked against this Electron', () => {
    expect(nativeBindingPath({ packaged: true, resourcesPath: '/opt/iwas/resources', appPath: '/x' })).toBe('/opt/iwas/resources/native/better_sqlite3.node');
    expect(nativeBindingPath({ packaged: false, resourcesPath: '/x', appPath: '/src/iwas' })).toBe('/src/iwas/build/native/electron/better_sqlite3.node');
    const dir = tempDir();
    const file = join(dir, 'better_sqlite3.node');
    const here = { electron: '45.4.1', platform: 'win32', arch: 'x64' };
    expect(nativeBindingProblem(file, here)).toMatch(/missing .*npm run rebuild:electron/);
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, '');
    writeFileSync(join(dir, 'build-info.json'), JSON.stringify({ ...here, electron: '44.0.0' }));
    expect(nativeBindingProblem(file, here)).toBe('The database driver was built for Electron 44.0.0, this is 45.4.1. Run `npm run rebuild:electron`.');
    writeFileSync(join(dir, 'build-info.json'), JSON.stringify({ ...here, platform: 'linux' }));
    expect(nativeBindingProblem(file, here)).toBe('The database driver was built for linux-x64, this is win32-x64. Run `npm run rebuild:electron`.');
    writeFileSync(join(dir, 'build-info.json'), JSON.stringify({ ...here, betterSqlite3: '12.9.0' }));
    expect(nativeBindingProblem(file, here)).toBeNull();
  });
});

describe('the keyring at login', () => {
  it('is waited for (bounded) when it is not up yet', async () => {
    let calls = 0;
    const slept: number[] = [];
    const soon = { isEncryptionAvailable: () => ++calls > 3 };
    expect(await waitForKeyring(soon, 10_000, async (t) => void slept.push(t))).toBe(true);
    expect(slept).toEqual([500, 500, 500]);
    expect(await waitForKeyring({ isEncryptionAvailable: () => false }, 2_000, async () => undefined)).toBe(false);
  });
});

describe('unexpected errors', () => {
  it('are logged and shown (once a minute at most), and the process goes on', () => {
    const proc = new EventEmitter();
    const lines: string[] = [];
    const shown: string[] = [];
    installCrashHandlers(proc as unknown as NodeJS.Process, createLogger((l) => lines.push(`${l.level} ${l.message}`), 'info'), (title, message) => shown.push(`${title}: ${message.split('\n')[0]}`));
    proc.emit('uncaughtException', new Error('boom'));
    proc.emit('unhandledRejection', new Error('later'));
    expect(lines).toEqual(['error uncaught exception: boom', 'error unhandled rejection: later']);
    expect(shown).toEqual(['IWAS Counter hit an unexpected error: boom']);
  });
});
