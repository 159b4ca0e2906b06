/**
 * The decision for an Access-Request whose credentials already checked out: accept
 * (with what the session entitles the customer to from now), reject (with the reason,
 * which the RADIUS layer words for the login page), or switch devices (scenario D:
 * disconnect the oldest devices first, then accept).
 */
import type { Limits } from '../domain';
import { dueEnding, expiredBy, type Expiry, type ExpirySnapshot } from './expiry';
import { remaining, type Exhausted, type Remaining } from './remaining';
import { isFinal, transition } from './session-state';

/** What the decision reads of a session: its limits, its usage and state, and how it logs in. */
export interface AuthSession extends Limits, ExpirySnapshot {
  id: number;
  login: 'voucher' | 'mac';
  mac: string | null;
  endReason: string | null;
}

export interface OpenDevice {
  connectionId: number;
  mac: string | null;
  startedAt: number;
  lastUpdateAt: number;
}

/**
 * What a session entitles its customer to from now on, in the café's words. The RADIUS
 * layer (radius/entitlement.ts) turns it into the limits a router enforces itself.
 */
export interface Entitlement {
  sessionId: number;
  /** Online seconds left (time limit and validity window together); null = unbounded. */
  timeLeftS: number | null;
  /** Bytes left, upload and download together; null = no data limit. */
  bytesLeft: number | null;
  /** The customer's upload and download rates in kbit/s; null = unlimited. */
  rateUpKbps: number | null;
  rateDownKbps: number | null;
  /** Seconds without traffic before a device is logged out; null = never. */
  idleTimeoutS: number | null;
  /** Devices online at once. */
  deviceLimit: number;
}

/** Why a customer is refused, in the café's words (the RADIUS layer words it for the login page). */
export type RejectReason = 'not_found' | 'wrong_password' | 'in_use' | SessionRefusal;

/** The refusals decided from the session itself (the others come from the lookup, the password and a failed device switch). */
export type SessionRefusal = Exhausted | 'ended' | 'voided' | 'other_device';

/** The start of the end reason of a card voided with its batch's unused cards ("Card voided: lost sheet"). */
export const CARD_VOIDED = 'Card voided';

/** Why an ended (TERMINATED) session is refused: a voided card says so; anything else was ended. */
function endedBy(endReason: string | null): 'ended' | 'voided' {
  return endReason?.startsWith(CARD_VOIDED) ? 'voided' : 'ended';
}

export type AuthDecision =
  | { kind: 'accept'; activate: boolean; entitlement: Entitlement; interimIntervalS: number }
  | { kind: 'switch'; disconnect: OpenDevice[]; activate: boolean; entitlement: Entitlement; interimIntervalS: number }
  | { kind: 'reject'; reason: SessionRefusal; expire: Expiry | null };


/** A session's entitlement from what it has left. */
export function entitlement(
  s: Pick<AuthSession, 'id' | 'rateUpKbps' | 'rateDownKbps' | 'idleTimeoutS' | 'deviceLimit'>,
  left: Pick<Remaining, 'timeS' | 'dataBytes'>,
): Entitlement {
  return {
    sessionId: s.id,
    timeLeftS: left.timeS,
    bytesLeft: left.dataBytes,
    rateUpKbps: s.rateUpKbps,
    rateDownKbps: s.rateDownKbps,
    idleTimeoutS: s.idleTimeoutS,
    deviceLimit: s.deviceLimit,
  };
}

/** Decides an Access-Request for a found session from the device `callingMac`. */
export function authorize(
  s: AuthSession,
  open: readonly OpenDevice[],
  ctx: { callingMac: string | null; now: number; interimIntervalS: number },
): AuthDecision {
  if (isFinal(s.state)) return { kind: 'reject', reason: s.state === 'EXPIRED' ? expiredBy(s.endReason) : endedBy(s.endReason), expire: null };
  if (s.login === 'mac' && s.mac !== ctx.callingMac) return { kind: 'reject', reason: 'other_device', expire: null };

  const openSince = open.map((d) => d.lastUpdateAt);
  const left = remaining(s, openSince, ctx.now);
  const ending = dueEnding(s, openSince, ctx.now, left);
  if (ending) return { kind: 'reject', reason: ending.expiry === 'unused' ? 'validity' : ending.expiry, expire: ending.expiry };
  const entitled = entitlement(s, left);
  const { interimIntervalS } = ctx;
  const moved = transition(s.state, 'authorized');
  const activate = moved.ok && moved.changed;

  // The same device logging in again does not take another place.
  const others = open.filter((d) => d.mac === null || d.mac !== ctx.callingMac);
  if (others.length < s.deviceLimit) return { kind: 'accept', activate, entitlement: entitled, interimIntervalS };
  const oldestFirst = [...others].sort((a, b) => a.startedAt - b.startedAt || a.connectionId - b.connectionId);
  return { kind: 'switch', disconnect: oldestFirst.slice(0, others.length - s.deviceLimit + 1), activate, entitlement: entitled, interimIntervalS };
}
