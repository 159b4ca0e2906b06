/**
 * What the window's page may do beyond showing the app: nothing. No new windows, no
 * navigation away from app://iwas/, no <webview>, no permissions (but copying to the
 * clipboard from the app's own page, for the webhook secret).
 */
import type { WebContents } from 'electron';
import { isAppUrl } from './app-protocol';

/** Applies the guards to a window's web contents. */
export function guardWebContents(wc: WebContents): void {
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  wc.on('will-navigate', stayHome);
  wc.on('will-redirect', stayHome);
  wc.on('will-attach-webview', (event) => event.preventDefault());
  const allowed = (permission: string, origin: string) => permission === 'clipboard-sanitized-write' && isAppUrl(origin);
  wc.session.setPermissionRequestHandler((contents, permission, callback) => callback(allowed(permission, contents.getURL())));
  wc.session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
}
