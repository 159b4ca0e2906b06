/**
 * The Hotspot's pages, as RouterOS templates. The router fills in `$(name)` variables
 * and keeps or drops `$(if name)…$(endif)` blocks when it serves a page; everything the
 * café typed goes in through htmlText, so it can never open a variable of its own.
 * Small, mobile-first, no external resources (the customer is not online yet) and plain
 * ES5 for old phone browsers. When a profile's html-directory names this set, RouterOS
 * takes every page from it (redirect.html when nothing else fits), so the set is whole.
 */
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

const DEFAULT_HOW_TO = 'Type the code on your voucher slip, then tap Connect.';

function page(title: string, body: string, head = ''): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
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
function paidLines(): string[] {
  return [
    '<button type="button" class="other" id="paid" data-mac="$(mac)">Paid at the coin slot or by e-wallet? Connect</button>',
    '<p id="paid-waiting" role="status" style="display:none"><b>Waiting for your payment&hellip;</b><br><span class="muted">This page connects you as soon as it arrives. Paying by voucher instead? Tap the form above.</span></p>',
    '<p class="error" id="paid-late" role="alert" style="display:none">No payment has arrived for this device yet. Tap the button to try again, or ask at the counter.</p>',
  ];
}

/** login.html: the café's card, the router's message when a login failed, the voucher form (and, for self-service, the MAC login). */
export function loginHtml(t: PageText): string {
  const password = t.askPassword
    ? '<label>Password<input name="password" type="password" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" required></label>'
    : '<label>Password <span class="muted">(only if your voucher or card has one)</span><input name="password" type="password" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false"></label>';
  const body = card(t, [
    ...(t.ssid ? [`<p class="muted">WiFi: <b>${htmlText(t.ssid)}</b></p>`] : []),
    `<p>${htmlText(t.howToConnect || DEFAULT_HOW_TO)}</p>`,
    '$(if error)<p class="error" id="error" role="alert">$(error)</p>$(endif)',
    '<p class="muted" id="connecting" style="display:none">Connecting&hellip;</p>',
    '<form name="login" action="$(link-login-only)" method="post">',
    '<input type="hidden" name="dst" value="$(link-orig)">',
    '<input type="hidden" name="popup" value="false">',
    '<label>Voucher code<input name="username" value="$(username)" autocomplete="off" autocapitalize="none" autocorrect="off" spellcheck="false" required></label>',
    password,
    '<button type="submit">Connect</button>',
    '</form>',
    ...(t.selfService ? paidLines() : []),
    '<p class="muted">Scanned the QR code on your slip? It logs you in by itself.</p>',
  ]);
  return page(
    `${htmlText(t.cafeName)} WiFi`,
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
  const body = card(t, [
    '<p>You are online.</p>',
    '$(if session-time-left)<p>Time left: <b>$(session-time-left)</b></p>$(endif)',
    '<a class="button" href="$(link-redirect)">Continue</a>',
    '<p class="muted"><a href="$(link-status)">Your connection</a></p>',
  ]);
  return page(`${htmlText(t.cafeName)} WiFi`, body, '<meta http-equiv="refresh" content="3; url=$(link-redirect)">');
}

/** status.html: what is left and used, and logging out. */
export function statusHtml(t: PageText): string {
  const body = card(t, [
    '<p>You are online.</p>',
    '<table>',
    '<tr><td>Voucher</td><td>$(username)</td></tr>',
    '$(if session-time-left)<tr><td>Time left</td><td>$(session-time-left)</td></tr>$(endif)',
    '$(if remain-bytes-total)<tr><td>Data left</td><td>$(remain-bytes-total-nice)</td></tr>$(endif)',
    '<tr><td>Connected for</td><td>$(uptime)</td></tr>',
    '<tr><td>Downloaded</td><td>$(bytes-out-nice)</td></tr>',
    '<tr><td>Uploaded</td><td>$(bytes-in-nice)</td></tr>',
    '</table>',
    '<form action="$(link-logout)" name="logout" method="post">',
    '<input type="hidden" name="erase-cookie" value="true">',
    '<button type="submit">Log out</button>',
    '</form>',
  ]);
  return page(`${htmlText(t.cafeName)} WiFi`, body, '$(if refresh-timeout)<meta http-equiv="refresh" content="$(refresh-timeout-secs)">$(endif)');
}

/** logout.html: logged out, and the way back in. */
export function logoutHtml(t: PageText): string {
  const body = card(t, [
    '<p>You are logged out.</p>',
    '<table>',
    '<tr><td>Voucher</td><td>$(username)</td></tr>',
    '<tr><td>Connected for</td><td>$(uptime)</td></tr>',
    '</table>',
    '<a class="button" href="$(link-login)">Log in again</a>',
  ]);
  return page(`${htmlText(t.cafeName)} WiFi`, body);
}

/** redirect.html: the router's hop to another of its pages (also its fallback for pages the set lacks). */
export function redirectHtml(t: PageText): string {
  return page(htmlText(t.cafeName), '<div class="card"><p><a href="$(link-redirect)">Continue</a></p></div>', '<meta http-equiv="refresh" content="0; url=$(link-redirect)">');
}

/** error.html: a Hotspot error that is not a refused login. */
export function errorHtml(t: PageText): string {
  const body = card(t, [
    '<p class="error" role="alert">$(error)</p>',
    '<a class="button" href="$(link-login)">Back to the login page</a>',
    '<p class="muted">If this keeps happening, please ask at the counter.</p>',
  ]);
  return page(`${htmlText(t.cafeName)} WiFi`, body);
}

/**
 * errors.txt: the router's own messages, said plainly. A refusal from IWAS Counter comes
 * as the RADIUS Reply-Message ("Time used up", …) and is shown as it is (radius-reply).
 */
export const ERRORS_TXT = [
  '# The Hotspot\'s own messages on the login page (made by IWAS Counter).',
  '# A refusal from IWAS Counter is its RADIUS Reply-Message, shown as it is: radius-reply.',
  'internal-error = The WiFi router had a problem ($(error-orig)). Please ask at the counter.',
  'config-error = The WiFi router is not set up right ($(error-orig)). Please ask at the counter.',
  'not-logged-in = You are not logged in.',
  'ippool-empty = The WiFi is full right now. Please ask at the counter.',
  'shutting-down = The WiFi is restarting. Please try again in a minute.',
  'user-session-limit = This voucher is already in use on as many devices as it allows.',
  'license-session-limit = The WiFi is full right now. Please ask at the counter.',
  'wrong-mac-username = That code is not valid here.',
  'chap-missing = Your browser did not send the login. Please try again.',
  'invalid-username = Voucher not found. Check the code on your slip.',
  'invalid-mac = This voucher is for another device.',
  'uptime-limit = Time used up.',
  'traffic-limit = Data used up.',
  'radius-timeout = The counter PC is not answering. Please ask at the counter.',
  'auth-in-progress = Still logging you in. Please wait a moment.',
  'radius-reply = $(error-orig)',
  '',
].join('\n');
