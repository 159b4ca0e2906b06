/**
 * The one mapping from the café's decisions to what a MikroTik router reads. An
 * entitlement (engine/authorize.ts) becomes the limits the router enforces itself: in
 * the Access-Accept of a new login, and in the CoA-Request that changes a live login
 * after a top-up. A refusal becomes the Reply-Message the customer reads on the login
 * page. The Class we issue ties accounting back to the session.
 *
 * RouterOS counts a login's limits from that login, also after a CoA: Session-Timeout
 * against its uptime, Mikrotik-Total-Limit against its bytes since login. So each limit
 * is what the login has used so far plus what is left: a new login has used nothing; a
 * CoA adds what its connection has used, or the customer would be cut that much early.
 */
import type { Entitlement, RejectReason } from '../../shared/engine/authorize';
import { timeUsedAt } from '../../shared/engine/remaining';
import { languages, type Language } from '../../shared/i18n/languages';
import { translator } from '../../shared/i18n/translate';
import type { Attribute, MikrotikAttribute } from './codec';
import { MIKROTIK_VENDOR_ID } from './dictionary';
import { splitGigawords } from './gigawords';

/** Every refusal reason (a Record, so a new reason does not typecheck until it has its message). */
const REJECT_REASONS = Object.keys({ not_found: 0, wrong_password: 0, time: 0, data: 0, validity: 0, ended: 0, voided: 0, other_device: 0, in_use: 0 } satisfies Record<RejectReason, 0>) as RejectReason[];

/**
 * What the customer reads on the hotspot login page when refused, in each of the café's
 * languages (kept short: the router shows it in a line of its login page). Made once, so
 * an Access-Request only picks a string.
 */
export const replyMessages: Readonly<Record<Language, Readonly<Record<RejectReason, string>>>> = Object.fromEntries(
  languages.map((l) => {
    const t = translator(l);
    return [l, Object.fromEntries(REJECT_REASONS.map((r) => [r, t(`radius.reject.${r}`)]))];
  }),
) as Record<Language, Record<RejectReason, string>>;

/** The refusals in English. */
export const replyMessage: Readonly<Record<RejectReason, string>> = replyMessages.en;

/** The Access-Reject body for a refusal, its Reply-Message in the café's language. */
export function rejectAttributes(reason: RejectReason, language: Language = 'en'): Attribute[] {
  return [['Reply-Message', replyMessages[language][reason]]];
}

/** The Class for a session, echoed in accounting. */
export function sessionClass(sessionId: number): string {
  return `iwas:${sessionId}`;
}

/** The session id from a Class attribute we issued; null for anything else. */
export function sessionIdFromClass(value: Buffer | string | null): number | null {
  if (value === null) return null;
  const m = /^iwas:(\d{1,15})$/.exec(typeof value === 'string' ? value : value.toString('latin1'));
  return m ? Number(m[1]) : null;
}

/** Mikrotik-Rate-Limit for the customer's rates ("rx/tx" as the router sees it: upload first); null when unlimited. */
export function mikrotikRateLimit(upKbps: number | null, downKbps: number | null): string | null {
  if (upKbps === null && downKbps === null) return null;
  return `${upKbps === null ? 0 : `${upKbps}k`}/${downKbps === null ? 0 : `${downKbps}k`}`;
}

/** What a login has used as its router counts it: uptime and bytes since the login. */
export interface LoginUsage {
  timeS: number;
  bytes: number;
}

/** A login being accepted has used nothing yet. */
export const NEW_LOGIN: LoginUsage = { timeS: 0, bytes: 0 };

/**
 * A connection's usage at `now`: its last reported session time, plus the whole seconds
 * since that report while it is open (engine/remaining.ts takes the same seconds off what
 * is left for open connections only, so the two cancel out; a connection the stale sweep
 * closed is charged neither), and its bytes as last reported (bytes since then the router
 * counts against the limit, as the app counts them against what is left).
 */
export function connectionUsage(
  c: { sessionTimeS: number; inOctets: number; outOctets: number; lastUpdateAt: number; endedAt: number | null },
  now: number,
): LoginUsage {
  const timeS = c.endedAt === null ? timeUsedAt(c.sessionTimeS, [c.lastUpdateAt], now) : c.sessionTimeS;
  return { timeS, bytes: c.inOctets + c.outOctets };
}

/** Session-Timeout (at least 1 s: 0 would mean none) counted from the login; null when unbounded. */
function sessionTimeout(e: Entitlement, used: LoginUsage): number | null {
  return e.timeLeftS === null ? null : Math.max(1, used.timeS + e.timeLeftS);
}

/** Mikrotik-Total-Limit and its gigawords counted from the login; none without a data limit. */
function totalLimit(e: Entitlement, used: LoginUsage): MikrotikAttribute[] {
  if (e.bytesLeft === null) return [];
  const [gigawords, octets] = splitGigawords(used.bytes + e.bytesLeft);
  return [['Mikrotik-Total-Limit', octets], ['Mikrotik-Total-Limit-Gigawords', gigawords]];
}

/** The Access-Accept attributes for a new login: its limits from now, interim interval, devices, Class, rate. */
export function acceptAttributes(e: Entitlement, interimIntervalS: number): Attribute[] {
  const attrs: Attribute[] = [];
  const timeout = sessionTimeout(e, NEW_LOGIN);
  if (timeout !== null) attrs.push(['Session-Timeout', timeout]);
  if (e.idleTimeoutS !== null) attrs.push(['Idle-Timeout', e.idleTimeoutS]);
  attrs.push(['Acct-Interim-Interval', interimIntervalS], ['Port-Limit', e.deviceLimit], ['Class', Buffer.from(sessionClass(e.sessionId))]);
  const vendor: MikrotikAttribute[] = [];
  const rate = mikrotikRateLimit(e.rateUpKbps, e.rateDownKbps);
  if (rate !== null) vendor.push(['Mikrotik-Rate-Limit', rate]);
  vendor.push(...totalLimit(e, NEW_LOGIN));
  if (vendor.length) attrs.push(['Vendor-Specific', MIKROTIK_VENDOR_ID, vendor]);
  return attrs;
}

/** The CoA-Request attributes (besides identification) that give a live login `used` so far its new time and data limits. */
export function coaAttributes(e: Entitlement, used: LoginUsage): Attribute[] {
  const attrs: Attribute[] = [];
  const timeout = sessionTimeout(e, used);
  if (timeout !== null) attrs.push(['Session-Timeout', timeout]);
  const vendor = totalLimit(e, used);
  if (vendor.length) attrs.push(['Vendor-Specific', MIKROTIK_VENDOR_ID, vendor]);
  return attrs;
}
