/**
 * The Hotspot's pages, as RouterOS templates. The router fills in `$(name)` variables
 * and keeps or drops `$(if name)…$(endif)` blocks when it serves a page; everything the
 * café typed goes in through htmlText, so it can never open a variable of its own.
 * Small, mobile-first, no external resources (the customer is not online yet) and plain
 * ES5 for old phone browsers. When a profile's html-directory names this set, RouterOS
 * takes every page from it (redirect.html when nothing else fits), so the set is whole.
 */
import type { MessageId } from '../../shared/i18n/catalog';
import type { Language } from '../../shared/i18n/languages';
import { translator, type Translate } from '../../shared/i18n/translate';
import { htmlText } from './escape';

export interface PageText {
  /** The café's name, as typed (escaped here). */
  cafeName: string;
  /** The WiFi's name, '' for none. */
  ssid: string;
  /** One line on how to connect, '' for the standard one. */
  howToConnect: string;
  /** Whether logo.png is in the set. */
  logo: boolean;
  /** Vouchers carry a separate password ('code+password'): the form requires it. Else it is optional (a card batch may have passwords while counter vouchers do not). */
  askPassword: boolean;
  /** A coin slot or e-wallet sells here: the login page offers to connect the device by its MAC once it is paid. */
  selfService: boolean;
  /** The café's language, for every word of the pages; English when absent. */
  language?: Language;
}

/**
 * The pages' own words in the café's language, made safe like the café's text (so they
 * are plain ASCII and never open a RouterOS variable), an ellipsis as `&hellip;`. `markup`
 * values (tags, RouterOS variables, the café's text already escaped) go in as they are.
 */
function wordsOf(language: Language | undefined): (id: MessageId, markup?: Record<string, string>) => string {
  const tr: Translate = translator(language ?? 'en');
  return (id, markup = {}) => {
    // Each markup value stands in as a token (ASCII that escaping keeps), put back in one pass.
    const names = Object.keys(markup);
    const text = htmlText(tr(id, Object.fromEntries(names.map((n, i) => [n, `@@iwas${i}@@`]))));
    return text.replace(/&#8230;/g, '&hellip;').replace(/@@iwas(\d+)@@/g, (_, i: string) => markup[names[Number(i)]!]!);
  };
}

const STYLE = [
  '*{box-sizing:border-box}',
  'html{-webkit-text-size-adjust:100%}',
  'body{margin:0;padding:16px 12px;font-family:sans-serif;font-size:16px;line-height:1.4;color:#1d2733;background:#eef2f5}',
  '.card{max-width:380px;margin:0 auto;padding:20px 16px;background:#fff;border:1px solid #d5dde3;border-radius:10px;text-align:center}',
  '.logo{display:block;max-width:100%;max-height:120px;margin:0 auto 12px}',
  'h1{margin:0 0 8px;font-size:22px}',
  'p{margin:0 0 12px}',
  '.muted{color:#55636f;font-size:14px}',
  '.error{padding:10px 12px;border:1px solid #f0b3a9;border-radius:6px;background:#fdecea;color:#8a1c12;font-weight:bold}',
  'form{margin:0 0 12px;text-align:left}',
  'label{display:block;margin:0 0 12px;font-size:14px;font-weight:bold}',
  'input{display:block;width:100%;margin-top:4px;padding:10px 12px;font-size:20px;letter-spacing:1px;border:1px solid #93a3b0;border-radius:6px}',
  'button,.button{display:block;width:100%;margin:0 0 12px;padding:13px;font-size:18px;font-weight:bold;color:#fff;background:#0f62ae;border:0;border-radius:6px;text-align:center;text-decoration:none}',
  'table{width:100%;margin:0 0 14px;border-collapse:collapse;text-align:left;font-size:15px}',
  'td{padding:6px 0;border-bottom:1px solid #e3e8ec}',
  'td+td{text-align:right;font-weight:bold}',
].join('');

function page(t: PageText, title: string, body: string, head = ''): string {
  return [
    '<!DOCTYPE html>',
    `<html lang="${t.language ?? 'en'}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta http-equiv="pragma" content="no-cache">',
    '<meta http-equiv="expires" content="-1">',
    ...(head ? [head] : []),
    `<title>${title}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The card every page shows: logo and café name over the page's own lines. */
function card(t: PageText, lines: string[]): string {
  return ['<div class="card">', ...(t.logo ? ['<img class="logo" src="logo.png" alt="">'] : []), `<h1>${htmlText(t.cafeName)}</h1>`, ...lines, '</div>'].join('\n');
}

/**
 * Logs in from the form, or by itself when opened from the slip's QR code
 * (`/login?username=CODE&password=PW`). RouterOS tries those query values itself; with
 * PAP that settles it (alogin.html on success, this page with $(error) if refused, which
 * is then shown, not retried). With CHAP the router took the plain password for an
 * answer to its challenge, so the page sends it once more, hashed. The form posts to
 * $(link-login-only), an address without the query, so this happens once.
 */
const LOGIN_SCRIPT = `(function () {
  var form = document.forms.login, out = document.forms.sendin;
  // Code + password vouchers: the field is required; else it is optional (a card may have one) and not filled from the QR link.
  var required = form.password.required;
  function clean(v) { return String(v || '').replace(/^\\s+|\\s+$/g, '').toLowerCase(); }
  function param(name) {
    var m = new RegExp('[?&]' + name + '=([^&#]*)').exec(window.location.search);
    if (!m) return '';
    try { return decodeURIComponent(m[1].replace(/\\+/g, ' ')); } catch (e) { return ''; }
  }
  var qrCode = clean(param('username')), qrPassword = clean(param('password'));
  function send(code, password) {
    out.username.value = code;
    out.password.value = window.iwasChap ? iwasMd5(window.iwasChap.id + password + window.iwasChap.challenge) : password;
    out.submit();
  }
  form.onsubmit = function () {
    var code = clean(form.username.value);
    var password = clean(form.password.value) || (code === qrCode ? qrPassword : '');
    send(code, password || code);
    return false;
  };
  if (qrCode && qrPassword) {
    form.username.value = qrCode;
    if (required) form.password.value = qrPassword;
    if (!document.getElementById('error') || window.iwasChap) {
      document.getElementById('connecting').style.display = 'block';
      send(qrCode, qrPassword);
    }
  }
})();`;

/** How long the page keeps trying MAC login after the tap, and how often. */
const PAID_WAIT_MS = 120_000;
const PAID_RETRY_MS = 3000;

/**
 * Self-service: after the tap, the page logs the device in by its MAC (`$(mac)`, an
 * empty password) the same way the voucher form does. Until the payment has arrived the
 * router refuses and serves this page again with $(error); the page then waits and tries
 * again every 3 s, for two minutes. The tap's time and the last try's survive those
 * reloads in sessionStorage; a page opened long after the last try (the customer came
 * back later) starts afresh. A tap on the voucher form stops it.
 */
const PAID_SCRIPT = `(function () {
  var button = document.getElementById('paid'), waiting = document.getElementById('paid-waiting'), late = document.getElementById('paid-late');
  var form = document.forms.login, out = document.forms.sendin, error = document.getElementById('error');
  var mac = button.getAttribute('data-mac'), timer = null;
  if (!/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/i.test(mac)) { button.style.display = 'none'; return; }
  function get(key) { try { return Number(window.sessionStorage.getItem(key)) || 0; } catch (e) { return 0; } }
  function put(key, value) { try { window.sessionStorage.setItem(key, String(value)); } catch (e) { /* no storage: one try only */ } }
  function forget() { try { window.sessionStorage.removeItem('iwasPaidAt'); window.sessionStorage.removeItem('iwasPaidTry'); } catch (e) { /* nothing kept */ } }
  function show(state) {
    waiting.style.display = state === 'waiting' ? 'block' : 'none';
    late.style.display = state === 'late' ? 'block' : 'none';
    button.style.display = state === 'waiting' ? 'none' : 'block';
    // The router's refusal is about the MAC, not a voucher: not for the customer.
    if (error && state) error.style.display = 'none';
    if (state && form.username.value.toUpperCase() === mac.toUpperCase()) form.username.value = '';
  }
  function attempt() {
    put('iwasPaidTry', new Date().getTime());
    out.username.value = mac;
    out.password.value = window.iwasChap ? iwasMd5(window.iwasChap.id + window.iwasChap.challenge) : '';
    out.submit();
  }
  function stop() {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    forget();
    show('');
  }
  button.onclick = function () {
    put('iwasPaidAt', new Date().getTime());
    show('waiting');
    attempt();
  };
  if (form.addEventListener) {
    form.addEventListener('click', function () { if (get('iwasPaidAt')) stop(); }, false);
    form.addEventListener('submit', function () { if (get('iwasPaidAt')) stop(); }, false);
  }
  var at = get('iwasPaidAt'), now = new Date().getTime();
  // Nothing tried a moment ago (or a QR link is logging in with a voucher): nothing to go on with.
  if (!at || now - get('iwasPaidTry') > ${PAID_RETRY_MS * 5} || /[?&]username=/.test(window.location.search)) {
    forget();
  } else if (now - at >= ${PAID_WAIT_MS}) {
    forget();
    show('late');
  } else {
    show('waiting');
    timer = setTimeout(function () {
      if (new Date().getTime() - at < ${PAID_WAIT_MS}) attempt();
      else { forget(); show('late'); }
    }, ${PAID_RETRY_MS});
  }
})();`;

/** The self-service button beside the voucher form's: outlined, so Connect stays the main one. */
const PAID_STYLE = '<style>button.other{color:#0f62ae;background:#fff;border:2px solid #0f62ae}</style>';

/** The self-service part of login.html: the button, and what the page says while it waits. */
function paidLines(w: ReturnType<typeof wordsOf>): string[] {
  return [
    `<button type="button" class="other" id="paid" data-mac="$(mac)">${w('hotspot.paid.button')}</button>`,
    `<p id="paid-waiting" role="status" style="display:none"><b>${w('hotspot.paid.waiting')}</b><br><span class="muted">${w('hotspot.paid.waitingHint')}</span></p>`,
    `<p class="error" id="paid-late" role="alert" style="display:none">${w('hotspot.paid.late')}</p>`,
  ];
}

/** Every page's title: the café's WiFi. */
const title = (t: PageText, w: ReturnType<typeof wordsOf>) => w('hotspot.title', { cafe: htmlText(t.cafeName) });

/** login.html: the café's card, the router's message when a login failed, the voucher form (and, for self-service, the MAC login). */
export function loginHtml(t: PageText): string {
  const w = wordsOf(t.language);
  const password = t.askPassword
    ? `<label>${w('hotspot.password')}<input name="password" type="password" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" required></label>`
    : `<label>${w('hotspot.password')} <span class="muted">${w('hotspot.passwordOptional')}</span><input name="password" type="password" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false"></label>`;
  const body = card(t, [
    ...(t.ssid ? [`<p class="muted">${w('hotspot.ssid', { ssid: `<b>${htmlText(t.ssid)}</b>` })}</p>`] : []),
    `<p>${t.howToConnect ? htmlText(t.howToConnect) : w('hotspot.howToConnect')}</p>`,
    '$(if error)<p class="error" id="error" role="alert">$(error)</p>$(endif)',
    `<p class="muted" id="connecting" style="display:none">${w('hotspot.connecting')}</p>`,
    '<form name="login" action="$(link-login-only)" method="post">',
    '<input type="hidden" name="dst" value="$(link-orig)">',
    '<input type="hidden" name="popup" value="false">',
    `<label>${w('hotspot.voucherCode')}<input name="username" value="$(username)" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" required></label>`,
    password,
    `<button type="submit">${w('hotspot.connect')}</button>`,
    '</form>',
    ...(t.selfService ? paidLines(w) : []),
    `<p class="muted">${w('hotspot.qrHint')}</p>`,
  ]);
  return page(
    t,
    title(t, w),
    [
      body,
      '<form name="sendin" action="$(link-login-only)" method="post" style="display:none">',
      '<input type="hidden" name="username">',
      '<input type="hidden" name="password">',
      '<input type="hidden" name="dst" value="$(link-orig)">',
      '<input type="hidden" name="popup" value="false">',
      '</form>',
      // In comments, so the page is valid HTML whether the router keeps the block or drops it.
      '<!-- $(if chap-id) -->',
      '<script src="md5.js"></script>',
      "<script>var iwasChap = { id: '$(chap-id)', challenge: '$(chap-challenge)' };</script>",
      '<!-- $(endif) -->',
      `<script>\n${LOGIN_SCRIPT}\n</script>`,
      ...(t.selfService ? [`<script>\n${PAID_SCRIPT}\n</script>`] : []),
    ].join('\n'),
    t.selfService ? PAID_STYLE : '',
  );
}

/** alogin.html: logged in; on to the page the customer wanted. */
export function aloginHtml(t: PageText): string {
  const w = wordsOf(t.language);
  const body = card(t, [
    `<p>${w('hotspot.online')}</p>`,
    `$(if session-time-left)<p>${w('hotspot.timeLeftLine', { time: '<b>$(session-time-left)</b>' })}</p>$(endif)`,
    `<a class="button" href="$(link-redirect)">${w('hotspot.continue')}</a>`,
    `<p class="muted"><a href="$(link-status)">${w('hotspot.yourConnection')}</a></p>`,
  ]);
  return page(t, title(t, w), body, '<meta http-equiv="refresh" content="3; url=$(link-redirect)">');
}

/** status.html: what is left and used, and logging out. */
export function statusHtml(t: PageText): string {
  const w = wordsOf(t.language);
  const body = card(t, [
    `<p>${w('hotspot.online')}</p>`,
    '<table>',
    `<tr><td>${w('hotspot.voucher')}</td><td>$(username)</td></tr>`,
    `$(if session-time-left)<tr><td>${w('hotspot.timeLeft')}</td><td>$(session-time-left)</td></tr>$(endif)`,
    `$(if remain-bytes-total)<tr><td>${w('hotspot.dataLeft')}</td><td>$(remain-bytes-total-nice)</td></tr>$(endif)`,
    `<tr><td>${w('hotspot.connectedFor')}</td><td>$(uptime)</td></tr>`,
    `<tr><td>${w('hotspot.downloaded')}</td><td>$(bytes-out-nice)</td></tr>`,
    `<tr><td>${w('hotspot.uploaded')}</td><td>$(bytes-in-nice)</td></tr>`,
    '</table>',
    '<form action="$(link-logout)" name="logout" method="post">',
    '<input type="hidden" name="erase-cookie" value="true">',
    `<button type="submit">${w('hotspot.logOut')}</button>`,
    '</form>',
  ]);
  return page(t, title(t, w), body, '$(if refresh-timeout)<meta http-equiv="refresh" content="$(refresh-timeout-secs)">$(endif)');
}

/** logout.html: logged out, and the way back in. */
export function logoutHtml(t: PageText): string {
  const w = wordsOf(t.language);
  const body = card(t, [
    `<p>${w('hotspot.loggedOut')}</p>`,
    '<table>',
    `<tr><td>${w('hotspot.voucher')}</td><td>$(username)</td></tr>`,
    `<tr><td>${w('hotspot.connectedFor')}</td><td>$(uptime)</td></tr>`,
    '</table>',
    `<a class="button" href="$(link-login)">${w('hotspot.logInAgain')}</a>`,
  ]);
  return page(t, title(t, w), body);
}

/** redirect.html: the router's hop to another of its pages (also its fallback for pages the set lacks). */
export function redirectHtml(t: PageText): string {
  const w = wordsOf(t.language);
  return page(t, htmlText(t.cafeName), `<div class="card"><p><a href="$(link-redirect)">${w('hotspot.continue')}</a></p></div>`, '<meta http-equiv="refresh" content="0; url=$(link-redirect)">');
}

/** error.html: a Hotspot error that is not a refused login. */
export function errorHtml(t: PageText): string {
  const w = wordsOf(t.language);
  const body = card(t, [
    '<p class="error" role="alert">$(error)</p>',
    `<a class="button" href="$(link-login)">${w('hotspot.backToLogin')}</a>`,
    `<p class="muted">${w('hotspot.askIfRepeats')}</p>`,
  ]);
  return page(t, title(t, w), body);
}

/** errors.txt's lines: the RouterOS message name and its text (`detail` is the router's own message). */
const ERRORS: [string, MessageId][] = [
  ['internal-error', 'hotspot.errors.internalError'],
  ['config-error', 'hotspot.errors.configError'],
  ['not-logged-in', 'hotspot.errors.notLoggedIn'],
  ['ippool-empty', 'hotspot.errors.full'],
  ['shutting-down', 'hotspot.errors.shuttingDown'],
  ['user-session-limit', 'hotspot.errors.userSessionLimit'],
  ['license-session-limit', 'hotspot.errors.full'],
  ['wrong-mac-username', 'hotspot.errors.wrongMacUsername'],
  ['chap-missing', 'hotspot.errors.chapMissing'],
  ['invalid-username', 'hotspot.errors.invalidUsername'],
  ['invalid-mac', 'hotspot.errors.invalidMac'],
  ['uptime-limit', 'hotspot.errors.uptimeLimit'],
  ['traffic-limit', 'hotspot.errors.trafficLimit'],
  ['radius-timeout', 'hotspot.errors.radiusTimeout'],
  ['auth-in-progress', 'hotspot.errors.authInProgress'],
];

/**
 * errors.txt: the router's own messages, said plainly in the café's language. A refusal
 * from IWAS Counter comes as the RADIUS Reply-Message ("Time used up", …, already in that
 * language) and is shown as it is (radius-reply). Plain text, as the router takes it (the
 * messages are plain ASCII in every language, as the Reply-Messages are).
 */
export function errorsTxt(language: Language = 'en'): string {
  const tr = translator(language);
  return [
    '# The Hotspot\'s own messages on the login page (made by IWAS Counter).',
    '# A refusal from IWAS Counter is its RADIUS Reply-Message, shown as it is: radius-reply.',
    ...ERRORS.map(([name, id]) => `${name} = ${tr(id, { detail: '$(error-orig)' })}`),
    'radius-reply = $(error-orig)',
    '',
  ].join('\n');
}
