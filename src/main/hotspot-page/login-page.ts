/**
 * The café-branded Hotspot login page as the set of files a router's html-directory
 * holds, made from the settings: the same settings always give the same bytes, and the
 * set's version (a hash of its files) tells whether a router already has it. The app
 * serves the set read-only on its LAN port (lan/hotspot-files.ts) and Provision has the
 * router fetch it (routeros/operations.ts).
 */
import { createHash } from 'node:crypto';
import type { Settings } from '../../shared/domain';
import type { Language } from '../../shared/i18n/languages';
import { MD5_JS } from './md5-js';
import { aloginHtml, errorHtml, errorsTxt, loginHtml, logoutHtml, redirectHtml, statusHtml, type PageText } from './pages';

export interface HotspotFile {
  /** The file's name in the router's html-directory (no folders). */
  name: string;
  contentType: string;
  bytes: Buffer;
}

export interface LoginPage {
  files: readonly HotspotFile[];
  /** A hash of every file but the version file, which holds it. */
  version: string;
}

/** What the page is made from. */
export interface LoginPageSettings {
  cafe: Pick<Settings['cafe'], 'name'>;
  branding: Settings['branding'];
  vouchers: Pick<Settings['vouchers'], 'mode'>;
  /** Some enabled payment source sells here: login.html offers MAC login after paying. Off: the page is as without self-service. */
  selfService?: boolean;
  /** The café's language: every page's words and `<html lang>`. English when absent. */
  language?: Language;
}

/** Holds the set's version: Provision reads it back from the router to skip a set it already has. */
export const VERSION_FILE = 'iwas-version.txt';

const HTML = 'text/html; charset=utf-8';
const PNG_DATA_URL = 'data:image/png;base64,';

/** The login page's files for these settings, and the set's version. */
export function loginPage(s: LoginPageSettings): LoginPage {
  const logo = s.branding.logo.startsWith(PNG_DATA_URL) ? Buffer.from(s.branding.logo.slice(PNG_DATA_URL.length), 'base64') : null;
  const t: PageText = {
    cafeName: s.cafe.name,
    ssid: s.branding.ssid,
    howToConnect: s.branding.howToConnect,
    logo: logo !== null && logo.length > 0,
    askPassword: s.vouchers.mode === 'code+password',
    selfService: s.selfService === true,
    language: s.language ?? 'en',
  };
  const text = (name: string, contentType: string, content: string): HotspotFile => ({ name, contentType, bytes: Buffer.from(content, 'utf8') });
  const files: HotspotFile[] = [
    text('login.html', HTML, loginHtml(t)),
    text('alogin.html', HTML, aloginHtml(t)),
    text('status.html', HTML, statusHtml(t)),
    text('logout.html', HTML, logoutHtml(t)),
    text('redirect.html', HTML, redirectHtml(t)),
    text('error.html', HTML, errorHtml(t)),
    text('errors.txt', 'text/plain; charset=utf-8', errorsTxt(t.language)),
    text('md5.js', 'text/javascript; charset=utf-8', MD5_JS),
    ...(t.logo ? [{ name: 'logo.png', contentType: 'image/png', bytes: logo! }] : []),
  ];
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${f.name}\0${f.contentType}\0${f.bytes.length}\0`).update(f.bytes);
  const version = hash.digest('hex').slice(0, 16);
  return { files: [...files, text(VERSION_FILE, 'text/plain; charset=utf-8', version)], version };
}

let last: { key: string; page: LoginPage } | null = null;

/** loginPage, remembering the last set made: the LAN routes and Provision ask for it often, the settings seldom change. */
export function currentLoginPage(s: LoginPageSettings): LoginPage {
  const key = JSON.stringify([s.cafe.name, s.branding.logo, s.branding.ssid, s.branding.howToConnect, s.vouchers.mode, s.selfService === true, s.language ?? 'en']);
  if (last?.key !== key) last = { key, page: loginPage(s) };
  return last.page;
}
