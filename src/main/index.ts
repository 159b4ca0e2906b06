/**
 * The desktop app: Electron's lifecycle around the same core serve mode runs. One
 * instance per PC (a second start shows the first window); the core opens in the
 * user's app-data folder; the window shows the UI from app://iwas/; the tray keeps the
 * WiFi service running with the window closed. Everything that decides something lives
 * in the modules imported here, each tested without Electron.
 */
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeImage, safeStorage, Tray } from 'electron';
import { createCore, type Core } from './core';
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
import { fileSink } from './log-file';
import { keyringBox } from './security/secret-box';
import { registerAppScheme, serveAppProtocol } from './window/app-protocol';
import { createMainWindow, type MainWindow } from './window/main-window';

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
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
  const problem = nativeBindingProblem(native, process.versions.electron);
  if (problem) throw new Error(problem);

  const core: Core = await createCore({
    dataDir: join(userData, 'data'),
    log,
    secrets: keyringBox(safeStorage, process.platform),
    nativeBinding: native,
    radius: { host: '0.0.0.0', authPort: 1812, acctPort: 1813 },
    webhook: { host: '0.0.0.0', port: 8790 },
  });

  serveAppProtocol(join(app.getAppPath(), 'dist', 'renderer'));
  let quitting = false;
  const main: MainWindow = createMainWindow({
    preload: join(__dirname, 'preload.cjs'),
    devTools: !app.isPackaged,
    startHidden: process.argv.includes(HIDDEN_ARG),
    onHidden: () => tray.displayBalloon?.({ title: 'IWAS Counter is still running', content: 'The WiFi service keeps running. Open it again from here.' }),
  });
  const trusted = (frame: Electron.WebFrameMain | null) => main.isOwnFrame(frame);
  registerContract(ipcMain, core.api, trusted, log.child('ipc'));
  registerDesktopIpc(ipcMain, { trusted, printing: () => core.settings.get().printing, info: { version: app.getVersion(), dataDir: core.dataDir, logsDir: join(userData, 'logs') }, log: log.child('print') });
  forwardEvents(core.events, () => (main.window.isDestroyed() ? null : main.window.webContents));
  main.window.webContents.on('render-process-gone', (_e, details) => {
    log.error('the window crashed; reloading it', { reason: details.reason });
    main.window.reload();
  });

  const tray = new Tray(nativeImage.createFromDataURL(trayIconDataUrl));
  const quit = () => app.quit();
  const refreshTray = () => {
    const s = core.status();
    tray.setToolTip(`IWAS Counter · ${trayStatusLine(s)}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenu(s, { open: () => main.show(), quit })));
  };
  refreshTray();
  core.events.subscribe(refreshTray, ['status.changed']);
  tray.on('click', () => main.show());

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

  app.on('second-instance', () => main.show());
  // The window hides instead of closing; with no window the app still serves the WiFi.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => main.show());
  app.on('before-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    void (async () => {
      const asked = BrowserWindow.getFocusedWindow() ?? main.window;
      const go = await confirmQuit(core.status().liveSessions, (q) => dialog.showMessageBox(asked, q));
      if (!go) return;
      quitting = true;
      log.info('quitting');
      main.allowClose();
      tray.destroy();
      await core.close();
      app.quit();
    })();
  });
}
