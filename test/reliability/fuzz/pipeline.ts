/**
 * The decoder target: a datagram through every pure step the servers take, in their
 * order, without sockets or a database — parseFrame, the authenticity checks,
 * decodeAttributes, then for an Access-Request the credential check, the engine's
 * decision and the encoded reply (Proxy-State echoed), and for an Accounting-Request
 * readReport and the encoded response. Unlike the servers it does not stop at the
 * first failed check (every parseable datagram is also decoded), so the decoder sees
 * more; the outcome is still the first check that failed, named as the servers count it.
 * Any exception is a bug: every step is documented as never throwing.
 */
import type { SessionFinder, AuthRow } from '../../../src/main/db/sessions';
import { authorize } from '../../../src/shared/engine/authorize';
import { proxyStateFits } from '../../../src/main/radius/auth-server';
import { acceptAttributes, replyMessage } from '../../../src/main/radius/entitlement';
import { readReport } from '../../../src/main/radius/acct-server';
import { decodeAttributes, encodePacket, parseFrame, proxyStates, str, verifyRequestAuthenticator, verifyRequestMessageAuthenticator, type Attribute, type Frame } from '../../../src/main/radius/codec';
import { offeredCredentials, passwordMatches } from '../../../src/main/radius/credentials';
import { Code } from '../../../src/main/radius/dictionary';
import { findByUserName } from '../../../src/main/services/login';
import { normalizeMac } from '../../../src/shared/net';
import { SOURCES, type Input } from './input';
import { DECODER_SESSIONS } from './seeds';

/** The decoder's clock: fixed, so a seed replays exactly (the seeds' Event-Timestamp is this too). */
export const DECODER_NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

const session = (over: Partial<AuthRow>): AuthRow => ({
  id: 1,
  login: 'voucher',
  voucherCode: '',
  password: '',
  mac: null,
  state: 'PENDING',
  endReason: null,
  timeLimitS: 3600,
  validityS: null,
  dataLimitBytes: 500_000_000,
  rateDownKbps: 5000,
  rateUpKbps: 2000,
  deviceLimit: 1,
  idleTimeoutS: null,
  bytesIn: 0,
  bytesOut: 0,
  timeUsedS: 0,
  createdAt: DECODER_NOW - 3600_000,
  firstLoginAt: null,
  unusedExpiresAt: null,
  batchId: null,
  ...over,
});

const { hour, data, device } = DECODER_SESSIONS;
const byCode = new Map([
  [hour.code, session({ id: hour.id, voucherCode: hour.code, password: hour.password })],
  [data.code, session({ id: data.id, voucherCode: data.code, password: data.password, state: 'ACTIVE', firstLoginAt: DECODER_NOW - 60_000, timeLimitS: null, deviceLimit: 2, validityS: 86_400 })],
]);
const byMac = new Map([[device.mac, session({ id: device.id, login: 'mac', mac: device.mac, voucherCode: 'mac0f', password: 'mac0f' })]]);
const finder: SessionFinder<AuthRow> = {
  liveByMac: (mac) => byMac.get(mac),
  liveByCode: (code) => byCode.get(code),
  latestByCode: () => undefined,
};

/** Runs one input; returns its outcome (a drop reason as the servers name it, or what was answered). */
export function decodeOne(input: Input): string {
  const { secret } = SOURCES[input.from];
  let outcome: string | null = input.from === 2 ? 'unknown_client' : null;
  const first = (reason: string) => (outcome ??= reason);
  const parsed = parseFrame(input.data);
  if (!parsed.ok) return first('malformed');
  const frame = parsed.frame;
  if (frame.code !== (input.port === 'auth' ? Code.AccessRequest : Code.AccountingRequest)) first('wrong_code');
  if (frame.code === Code.AccountingRequest && !verifyRequestAuthenticator(frame, secret)) first('bad_authenticator');
  if (frame.maOffset !== -1 && !verifyRequestMessageAuthenticator(frame, secret)) first('bad_message_authenticator');
  if (frame.code === Code.AccessRequest && frame.maOffset === -1 && input.from === 0) first('missing_message_authenticator');
  const decoded = decodeAttributes(frame);
  if (!decoded.ok) return first('malformed');
  if (frame.code === Code.AccessRequest) return first(authorizeRequest(frame, decoded.attributes, secret));
  if (frame.code === Code.AccountingRequest) {
    const report = readReport(decoded.attributes, DECODER_NOW);
    if ('drop' in report) return first(report.drop);
    respond(frame, Code.AccountingResponse, secret, frame.maOffset !== -1, proxyStates(decoded.attributes));
    return first('accounting');
  }
  return first('decoded');
}

/** The auth server's decision, with the sessions above standing in for the database. */
function authorizeRequest(frame: Frame, attrs: Record<string, unknown>, secret: string): string {
  if (!proxyStateFits(attrs)) return 'malformed';
  const userName = str(attrs, 'User-Name');
  if (userName === null || userName.length === 0) return 'missing_attribute';
  const callingMac = normalizeMac(str(attrs, 'Calling-Station-Id') ?? '');
  const found = findByUserName(finder, userName);
  const reject = (message: string) => {
    respond(frame, Code.AccessReject, secret, true, [['Reply-Message', message], ...proxyStates(attrs)]);
    return 'reject';
  };
  if (!found.session) return reject('Voucher not found');
  if (found.via === 'voucher' && !passwordMatches(offeredCredentials(frame, attrs, secret), found.session.password)) return reject('Wrong password');
  const decision = authorize(found.session, [], { callingMac, now: DECODER_NOW, interimIntervalS: 120 });
  if (decision.kind === 'reject') return reject(replyMessage[decision.reason]);
  respond(frame, Code.AccessAccept, secret, true, [...acceptAttributes(decision.entitlement, decision.interimIntervalS), ...proxyStates(attrs)]);
  return 'accept';
}

function respond(frame: Frame, code: number, secret: string, messageAuthenticator: boolean, attributes: Attribute[]): void {
  encodePacket({ code, identifier: frame.identifier, authenticator: frame.authenticator, secret, messageAuthenticator, attributes });
}
