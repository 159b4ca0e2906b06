/**
 * Which transport this window uses: the desktop app's bridge (window.iwas, from the
 * preload script) or, in serve mode, HTTP with the token from the link the server
 * printed (#token=…), remembered for this tab and removed from the address bar. A
 * ready-made transport can also be injected (window.iwasTransport: benchmarks).
 */
import { desktopTransport } from '../lib/desktop-transport';
import { httpTransport, type Transport } from '../lib/transport';

const KEY = 'iwas.token';

declare global {
  interface Window {
    /** A transport injected before the app starts (benchmarks). */
    iwasTransport?: Transport;
  }
}

/** The transport if one can be made without asking; null when the token must be typed in. */
export function findTransport(): Transport | null {
  if (window.iwasTransport) return window.iwasTransport;
  if (window.iwas) return desktopTransport(window.iwas);
  const fromLink = /(?:^#|&)token=([^&]+)/.exec(location.hash)?.[1];
  if (fromLink) {
    sessionStorage.setItem(KEY, decodeURIComponent(fromLink));
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = sessionStorage.getItem(KEY);
  return token ? httpTransport(baseUrl(), token) : null;
}

/** Uses a token typed in by the operator. */
export function transportWithToken(token: string): Transport {
  sessionStorage.setItem(KEY, token.trim());
  return httpTransport(baseUrl(), token.trim());
}

export function forgetToken(): void {
  sessionStorage.removeItem(KEY);
}

function baseUrl(): string {
  return new URL('./', location.href).href;
}
