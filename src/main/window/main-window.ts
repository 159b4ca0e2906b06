/**
 * The till's window. Closing it hides it: the RADIUS server, the webhook and the
 * disconnect queue run in this process, and the café's WiFi depends on them; the tray
 * brings the window back. Only quitting (tray, or the OS shutting down) ends the app.
 */
import { BrowserWindow } from 'electron';
import { APP_URL, isAppUrl } from './app-protocol';
import { guardWebContents } from './guards';
import { mainWindowOptions } from './options';

export interface MainWindow {
  readonly window: BrowserWindow;
  show(): void;
  /** Lets the next close really close (quitting). */
  allowClose(): void;
  /** Whether a frame is this window's own page (IPC sender check). */
  isOwnFrame(frame: Electron.WebFrameMain | null | undefined): boolean;
}

export function createMainWindow(o: { preload: string; devTools: boolean; startHidden: boolean; icon?: string | undefined; onHidden?: () => void }): MainWindow {
  const window = new BrowserWindow(mainWindowOptions(o.preload, { devTools: o.devTools, icon: o.icon }));
  guardWebContents(window.webContents);
  let closing = false;
  window.on('close', (event) => {
    if (closing) return;
    event.preventDefault();
    window.hide();
    o.onHidden?.();
  });
  window.once('ready-to-show', () => {
    if (!o.startHidden) window.show();
  });
  void window.loadURL(APP_URL);
  return {
    window,
    show() {
      if (window.isMinimized()) window.restore();
      window.show();
      window.focus();
    },
    allowClose() {
      closing = true;
    },
    // The window's top frame (not a subframe, not another window) showing the app's own page.
    isOwnFrame(frame) {
      if (!frame || window.isDestroyed()) return false;
      const main = window.webContents.mainFrame;
      return frame.processId === main.processId && frame.routingId === main.routingId && isAppUrl(frame.url);
    },
  };
}
