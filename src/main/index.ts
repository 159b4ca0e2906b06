/**
 * The desktop app: Electron's lifecycle around the same core serve mode runs. One
 * instance per PC (a second start shows the first window); the core opens in the
 * user's app-data folder; the window shows the UI from app://iwas/; the tray keeps the
 * WiFi service running with the window closed. Everything that decides something lives
 * in the modules imported here, each tested without Electron.
 */
import { join } from 'node:path';
import { app, dialog, ipcMain, Menu, nativeImage, safeStorage, Tray } from 'electron';
import { createCore, type Core } from './core';
import { startLanUi } from './serve/lan-ui';
import { applyAutostart, HIDDEN_ARG } from './desktop/autostart';
import { installCrashHandlers } from './desktop/crash';
import { nativeBindingPath, nativeBindingProblem } from './desktop/native';
import { confirmQuit } from './desktop/quit';
import { trayIconDataUrl } from './desktop/tray-icon';
import { trayMenu, trayStatusLine } from './desktop/tray';
import { registerContract } from './ipc/contract';
import { registerDesktopIpc } from './ipc/desktop';
import { forwardEvents } from './ipc/events';
import { createLogger, stderrSink, type LogSink } from './log';
import { desktopListeners } from './listen';
import { fileSink } from './log-file';
import { keyringBox, waitForKeyring } from './security/secret-box';
import { registerAppScheme, serveAppProtocol } from './window/app-protocol';
import { createMainWindow, type MainWindow } from './window/main-window';

registerAppScheme();

let main: MainWindow | null = null;
let showWhenReady = false;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Listening from the start: a second launch while the core is still opening shows the window once it exists.
  app.on('second-instance', () => {
    if (main) main.show();
    else showWhenReady = true;
  });
  void start().catch((err: unknown) => {
    dialog.showErrorBox('IWAS Counter cannot start', err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const logs = fileSink({ dir: join(userData, 'logs') });
  const sink: LogSink = (line) => {
    logs(line);
    if (!app.isPackaged) stderrSink(line);
  };
  const log = createLogger(sink, 'info', 'desktop');
  installCrashHandlers(process, log, (title, message) => dialog.showErrorBox(title, message));
  log.info(`IWAS Counter ${app.getVersion()} starting`, { electron: process.versions.electron, userData });

  const native = nativeBindingPath({ packaged: app.isPackaged, resourcesPath: process.resourcesPath, appPath: app.getAppPath() });
  const problem = nativeBindingProblem(native, { electron: process.versions.electron, platform: process.platform, arch: process.arch });
  if (problem) throw new Error(problem);

  const startedHidden = process.argv.includes(HIDDEN_ARG);
  // Started with the session on Linux: give the keyring a moment to come up, or the sealed secrets cannot be read.
  if (process.platform === 'linux' && startedHidden && !(await waitForKeyring(safeStorage, 20_000))) log.warn('no keyring after 20 s; secrets stay sealed until it runs');

  const core: Core = await createCore({
    dataDir: join(userData, 'data'),
    log,
    secrets: keyringBox(safeStorage, process.platform),
    nativeBinding: native,
    ...desktopListeners(process.env),
  });

  serveAppProtocol(join(app.getAppPath(), 'dist', 'renderer'));
  // The UI on the café LAN for paired devices (Settings → Devices switch); the till itself stays on IPC.
  const lanUi = startLanUi({ core, staticDir: join(app.getAppPath(), 'dist', 'renderer'), log: log.child('lan-ui') });
  core.devices.setUrls(() => {
    const url = lanUi.state().url;
    return url ? [url] : [];
  });
  core.devices.setLanState(lanUi.state);
  const tray = new Tray(nativeImage.createFromDataURL(trayIconDataUrl));
  const win: MainWindow = createMainWindow({
    preload: join(__dirname, 'preload.cjs'),
    devTools: !app.isPackaged,
    startHidden: startedHidden && !showWhenReady,
    onHidden: () => tray.displayBalloon?.({ title: 'IWAS Counter is still running', content: 'The WiFi service keeps running. Open it again from here.' }),
  });
  main = win;
  if (showWhenReady) win.show();
  const trusted = (frame: Electron.WebFrameMain | null) => win.isOwnFrame(frame);
  registerContract(ipcMain, core.api, trusted, log.child('ipc'));
  registerDesktopIpc(ipcMain, { trusted, printing: () => core.settings.get().printing, info: { version: app.getVersion(), dataDir: core.dataDir, logsDir: join(userData, 'logs') }, log: log.child('print') });
  forwardEvents(core.events, () => (win.window.isDestroyed() ? null : win.window.webContents));

  let closing: Promise<void> | null = null;
  // A crashed page is reloaded, but not in a loop: three times a minute at most.
  let crashes: number[] = [];
  win.window.webContents.on('render-process-gone', (_e, details) => {
    if (closing || win.window.isDestroyed()) return;
    const now = Date.now();
    crashes = crashes.filter((t) => now - t < 60_000);
    log.error('the window crashed', { reason: details.reason, recent: crashes.length });
    if (crashes.length >= 3) {
      dialog.showErrorBox('IWAS Counter’s window keeps crashing', 'The WiFi service keeps running. Reopen the window from the tray; the log has the details.');
      return;
    }
    crashes.push(now);
    win.window.reload();
  });

  const refreshTray = () => {
    const s = core.status();
    tray.setToolTip(`IWAS Counter · ${trayStatusLine(s)}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenu(s, { open: () => win.show(), quit: () => app.quit() })));
  };
  refreshTray();
  const stopTray = core.events.subscribe(refreshTray, ['status.changed']);
  tray.on('click', () => win.show());

  // Start with the system: on by default for the installed app (Settings → Backups & this PC).
  const autostart = () => {
    if (!app.isPackaged) return;
    try {
      applyAutostart(core.settings.get().desktop.startWithSystem, { platform: process.platform, execPath: process.env.APPIMAGE ?? process.execPath, setLoginItemSettings: (s) => app.setLoginItemSettings(s) });
    } catch (err) {
      log.error('could not set starting with the system', { err });
    }
  };
  autostart();
  core.events.subscribe(autostart, ['settings.changed']);

  // The window hides instead of closing; with no window the app still serves the WiFi.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => win.show());

  // Stopping, once: the core closes (sockets, the outbox, the database), then the process exits
  // whatever happened on the way, so it never lingers without its tray holding the ports.
  const shutDown = () =>
    (closing ??= (async () => {
      log.info('stopping');
      try {
        stopTray();
        win.allowClose();
        await lanUi.close();
        await core.close();
      } catch (err) {
        log.error('stopping did not finish cleanly', { err });
      } finally {
        tray.destroy();
        app.exit(0);
      }
    })());
  let asking = false;
  app.on('before-quit', (event) => {
    event.preventDefault();
    if (closing || asking) return;
    asking = true;
    void (async () => {
      try {
        // From the tray the window is hidden: the question gets no parent, so it shows on its own.
        const parent = win.window.isVisible() ? win.window : null;
        const go = await confirmQuit(core.status().liveSessions, (q) => (parent ? dialog.showMessageBox(parent, q) : dialog.showMessageBox(q)));
        if (go) void shutDown();
      } catch (err) {
        log.error('could not ask before quitting', { err });
      } finally {
        asking = false;
      }
    })();
  });
  // Windows logging off or shutting down sends no before-quit: stop cleanly without asking.
  win.window.on('session-end', () => {
    log.info('the Windows session is ending');
    void shutDown();
  });
}
