/**
 * The decision for an Access-Request whose credentials already checked out: accept
 * (with what the router must enforce itself), reject (with words the customer reads
 * on the login page), or switch devices (scenario D: disconnect the oldest devices
 * first, then accept).
 */
import type { SessionState } from '../domain';
import { remaining, type Exhausted } from './remaining';
import { isFinal, unusedExpired } from './session-state';

export interface AuthSession {
  id: number;
  login: 'voucher' | 'mac';
  mac: string | null;
  state: SessionState;
  endReason: string | null;
  timeLimitS: number | null;
  validityS: number | null;
  dataLimitBytes: number | null;
  rateDownKbps: number | null;
  rateUpKbps: number | null;
  deviceLimit: number;
  idleTimeoutS: number | null;
  bytesIn: number;
  bytesOut: number;
  timeUsedS: number;
  firstLoginAt: number | null;
  /** A voucher still unused then expires; null: it does not. */
  unusedExpiresAt: number | null;
}

export interface OpenDevice {
  connectionId: number;
  mac: string | null;
  startedAt: number;
  lastUpdateAt: number;
}

export interface AcceptTerms {
  /** Seconds left (time and validity together); null = no time bound. */
  sessionTimeoutS: number | null;
  idleTimeoutS: number | null;
  interimIntervalS: number;
  /** Mikrotik-Rate-Limit, "rx/tx" from the router's side: upload first. */
  rateLimit: string | null;
  /** Bytes left for Mikrotik-Total-Limit(+Gigawords); null = no data limit. */
  totalLimitBytes: number | null;
  portLimit: number;
  /** Echoed back in accounting: ties every report to this session. */
  sessionClass: string;
}

/** Why a session expires: a limit ran out, or the voucher was never used before its deadline. */
export type Expiry = Exhausted | 'unused';

export type AuthDecision =
  | { kind: 'accept'; activate: boolean; terms: AcceptTerms }
  | { kind: 'switch'; disconnect: OpenDevice[]; activate: boolean; terms: AcceptTerms }
  | { kind: 'reject'; message: string; expire: Expiry | null };

/** What the customer reads on the hotspot login page. */
export const RejectMessage = {
  notFound: 'Voucher not found',
  wrongPassword: 'Wrong password',
  timeUsedUp: 'Time used up',
  dataUsedUp: 'Data used up',
  validityEnded: 'Voucher expired',
  ended: 'Session ended',
  otherDevice: 'This voucher is for another device',
  inUse: 'Already in use on another device',
} as const;

const exhaustedMessage: Record<Exhausted, string> = {
  time: RejectMessage.timeUsedUp,
  data: RejectMessage.dataUsedUp,
  validity: RejectMessage.validityEnded,
};

/** The reason stored on a voucher that expired unused (later logins read "Voucher expired"). */
export const NEVER_USED = 'Never used';

/** The reason stored on a session that expired because `e` ran out or it was never used (and shown on later logins). */
export function expiryReason(e: Expiry): string {
  return e === 'unused' ? NEVER_USED : exhaustedMessage[e];
}

/** The session class echoed in accounting for a session id. */
export function sessionClass(sessionId: number): string {
  return `iwas:${sessionId}`;
}

/** The session id from a Class attribute we issued; null for anything else. */
export function sessionIdFromClass(value: Buffer | string | null): number | null {
  if (value === null) return null;
  const m = /^iwas:(\d{1,15})$/.exec(typeof value === 'string' ? value : value.toString('latin1'));
  return m ? Number(m[1]) : null;
}

/** Mikrotik-Rate-Limit for a package ("rx/tx" = upload/download as the router sees it); null when unlimited. */
export function mikrotikRateLimit(upKbps: number | null, downKbps: number | null): string | null {
  if (upKbps === null && downKbps === null) return null;
  return `${upKbps === null ? 0 : `${upKbps}k`}/${downKbps === null ? 0 : `${downKbps}k`}`;
}

/** Decides an Access-Request for a found session from the device `callingMac`. */
export function authorize(
  s: AuthSession,
  open: readonly OpenDevice[],
  ctx: { callingMac: string | null; now: number; interimIntervalS: number },
): AuthDecision {
  if (isFinal(s.state)) {
    const message = s.state === 'EXPIRED' ? (Object.values(exhaustedMessage).find((m) => m === s.endReason) ?? RejectMessage.validityEnded) : RejectMessage.ended;
    return { kind: 'reject', message, expire: null };
  }
  if (s.login === 'mac' && s.mac !== ctx.callingMac) return { kind: 'reject', message: RejectMessage.otherDevice, expire: null };
  if (unusedExpired(s, ctx.now)) return { kind: 'reject', message: RejectMessage.validityEnded, expire: 'unused' };

  const left = remaining(s, open.map((d) => d.lastUpdateAt), ctx.now);
  if (left.exhausted) {
    return { kind: 'reject', message: exhaustedMessage[left.exhausted], expire: s.state === 'ACTIVE' ? left.exhausted : null };
  }

  const terms: AcceptTerms = {
    sessionTimeoutS: left.timeS === null ? null : Math.max(1, left.timeS),
    idleTimeoutS: s.idleTimeoutS,
    interimIntervalS: ctx.interimIntervalS,
    rateLimit: mikrotikRateLimit(s.rateUpKbps, s.rateDownKbps),
    totalLimitBytes: left.dataBytes,
    portLimit: s.deviceLimit,
    sessionClass: sessionClass(s.id),
  };
  const activate = s.state === 'PENDING';

  // The same device logging in again does not take another place.
  const others = open.filter((d) => d.mac === null || d.mac !== ctx.callingMac);
  if (others.length < s.deviceLimit) return { kind: 'accept', activate, terms };
  const oldestFirst = [...others].sort((a, b) => a.startedAt - b.startedAt || a.connectionId - b.connectionId);
  return { kind: 'switch', disconnect: oldestFirst.slice(0, others.length - s.deviceLimit + 1), activate, terms };
}
