/**
 * Which transport this window uses: the desktop app's bridge (window.iwas, from the
 * preload script) or, in serve mode, HTTP with the token from the link the server
 * printed (#token=…), remembered for this tab and removed from the address bar.
 */
import { httpTransport, type Transport } from '../lib/transport';

const KEY = 'iwas.token';

declare global {
  interface Window {
    /** The desktop app's preload bridge, when running inside it. */
    iwasTransport?: Transport;
  }
}

/** The transport if one can be made without asking; null when the token must be typed in. */
export function findTransport(): Transport | null {
  if (window.iwasTransport) return window.iwasTransport;
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
