/** The main window's options: the Electron security checklist, in one place a test reads. */
import type { BrowserWindowConstructorOptions } from 'electron';

/** Hardened options for the till's window; `devTools` only in development. */
export function mainWindowOptions(preload: string, o: { devTools: boolean; icon?: string | undefined }): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'IWAS Counter',
    backgroundColor: '#f3f5f8',
    autoHideMenuBar: true,
    ...(o.icon ? { icon: o.icon } : {}),
    webPreferences: {
      preload,
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
      devTools: o.devTools,
    },
  };
}
