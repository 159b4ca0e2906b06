/**
 * Which transport this window uses: the desktop app's bridge (window.iwas, from the
 * preload script) or, in serve mode, HTTP with a bearer token: the API token from the
 * link the server printed (#token=…, remembered for this tab and removed from the
 * address bar), or this browser's own device token from pairing (kept in localStorage:
 * it stays paired across restarts, until an admin revokes it). A ready-made transport
 * can also be injected (window.iwasTransport: benchmarks).
 */
import { desktopTransport } from '../lib/desktop-transport';
import { httpTransport, type Transport } from '../lib/transport';
import { useSignIn } from '../stores/sign-in';

const KEY = 'iwas.token';
let onRefused: () => void = () => undefined;

/** What happens when the server refuses this browser's token (the app goes back to pairing). */
export function whenRefused(fn: () => void): void {
  onRefused = fn;
}
const refused = () => onRefused();
/** The token this tab uses now: read on every request, so a replaced API token takes effect at once. */
const currentToken = () => sessionStorage.getItem(KEY) ?? localStorage.getItem(DEVICE_KEY) ?? '';
const operatorToken = () => useSignIn.getState().operatorToken;
const DEVICE_KEY = 'iwas.device';

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
  const token = sessionStorage.getItem(KEY) ?? localStorage.getItem(DEVICE_KEY);
  return token ? httpTransport(baseUrl(), currentToken, refused, operatorToken) : null;
}

/** The pairing code from a link (`#pair=123456`, the QR code in Settings → Devices), removed from the address bar. */
export function pairingCodeFromLink(): string | undefined {
  const code = /(?:^#|&)pair=([^&]+)/.exec(location.hash)?.[1];
  if (code) history.replaceState(null, '', location.pathname + location.search);
  return code ? decodeURIComponent(code) : undefined;
}

/** Uses this browser's own device token (from pairing), kept across restarts. */
export function transportWithDeviceToken(token: string): Transport {
  localStorage.setItem(DEVICE_KEY, token);
  return httpTransport(baseUrl(), currentToken, refused, operatorToken);
}

/** The API token was replaced (Settings → Devices): a tab that uses it goes on with the new one; a paired browser keeps its own. */
export function apiTokenReplaced(token: string): void {
  if (sessionStorage.getItem(KEY) !== null) sessionStorage.setItem(KEY, token);
}

/** Whether this tab reaches the core with the API token (the printed link, or pasted in). */
export const usesApiToken = (): boolean => sessionStorage.getItem(KEY) !== null;

/** Whether this browser is paired (has a device token). */
export const isPaired = (): boolean => localStorage.getItem(DEVICE_KEY) !== null;

/** Uses a token typed in by the operator. */
export function transportWithToken(token: string): Transport {
  sessionStorage.setItem(KEY, token.trim());
  return httpTransport(baseUrl(), currentToken, refused, operatorToken);
}

/** Forgets a refused token: the API token of this tab, or this browser's device token (revoked). */
export function forgetToken(): void {
  if (sessionStorage.getItem(KEY) !== null) sessionStorage.removeItem(KEY);
  else localStorage.removeItem(DEVICE_KEY);
}

function baseUrl(): string {
  return new URL('./', location.href).href;
}
