/**
 * The desktop window loads the UI from app://iwas/, a privileged scheme served from the
 * built renderer inside the app: a real origin for the IPC sender check, the same CSP as
 * serve mode, no file:// quirks.
 */
import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import { resolveUiFile, UI_CSP, uiContentType } from '../serve/static';

export const APP_HOST = 'iwas';
export const APP_URL = `app://${APP_HOST}/index.html`;

/** Whether a URL is the app's own page (app://iwas/…); everything else is foreign. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Declares the scheme (before the app is ready). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves `uiDir` on app://iwas/ (once the app is ready). */
export function serveAppProtocol(uiDir: string): void {
  protocol.handle('app', async (request) => {
    const url = new URL(request.url);
    const file = url.host === APP_HOST ? resolveUiFile(uiDir, url.pathname) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const type = uiContentType(file);
    return new Response(await readFile(file), { headers: { 'Content-Type': type, ...(type.startsWith('text/html') ? { 'Content-Security-Policy': UI_CSP } : {}) } });
  });
}
