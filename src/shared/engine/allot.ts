/**
 * What a sale grants (the seed's calculateAllotment) and how a top-up adds to a live session.
 *
 * A fixed package grants its limits for its price. A per-unit package is priced for
 * one unit of its limits ("₱5 per 100 MB"); a customer paying an amount gets the
 * proportional time/data, rounded down to the whole second/byte: the café never
 * gives away what was not paid for. Validity is a window, not a quantity, so it is
 * granted as is (and a per-unit top-up extends the window, `topUpAllotment`).
 */
import { limitsOf, type AllottedLimits, type Limits, type Pricing } from '../domain';
import { validityStart, type UsageSnapshot } from './remaining';
import type { Refusal } from '../i18n/refusal';

/** What an amount buys of a per-unit package: floor(amount × per-unit limit / unit price), exact in integers. */
export function proportional(amount: number, perUnit: number, unitPrice: number): number {
  return Number((BigInt(amount) * BigInt(perUnit)) / BigInt(unitPrice));
}

/** What a package's price buys: its allotted limits, at its price, fixed or per unit. */
export interface PackageTerms extends AllottedLimits {
  name: string;
  pricing: Pricing;
  priceMinor: number;
}

export interface Allotment {
  chargeMinor: number;
  timeS: number | null;
  dataBytes: number | null;
  validityS: number | null;
}

/** A refusal is said by its catalog message: a service makes it an error with `refusal()` (English for logs and the API, the operator's language at the till). */
export type AllotResult = { ok: true; allotment: Allotment } | { ok: false; said: Refusal; field: 'amountMinor' | 'paidMinor' };

/** "The minimum for "Data" is ₱5.00": an amount below one unit (or a fixed package's price). */
export function tooSmall(pkg: Pick<PackageTerms, 'name' | 'priceMinor'>, formatMoney: (minor: number) => string): Refusal {
  return { id: 'errors.amount.tooSmall', values: { package: pkg.name, price: formatMoney(pkg.priceMinor) } };
}

function refused(field: 'amountMinor' | 'paidMinor', said: Refusal): AllotResult {
  return { ok: false, field, said };
}

/** The limits a session sold with `pkg` carries: the allotment's time, data and validity, the package's other limits. */
export function soldLimits(pkg: Limits, a: Allotment): Limits {
  return { ...limitsOf(pkg), timeLimitS: a.timeS, validityS: a.validityS, dataLimitBytes: a.dataBytes };
}

/** Computes what the customer gets and pays; refuses a per-unit amount below one unit or one that buys nothing. */
export function allot(pkg: PackageTerms, amountMinor: number | undefined, formatMoney: (minor: number) => string): AllotResult {
  if (pkg.pricing === 'fixed') {
    return {
      ok: true,
      allotment: { chargeMinor: pkg.priceMinor, timeS: pkg.timeLimitS, dataBytes: pkg.dataLimitBytes, validityS: pkg.validityS },
    };
  }
  if (amountMinor === undefined) {
    return refused('amountMinor', { id: 'errors.amount.missing', values: { package: pkg.name } });
  }
  if (amountMinor < pkg.priceMinor) {
    return refused('amountMinor', tooSmall(pkg, formatMoney));
  }
  const timeS = pkg.timeLimitS === null ? null : proportional(amountMinor, pkg.timeLimitS, pkg.priceMinor);
  const dataBytes = pkg.dataLimitBytes === null ? null : proportional(amountMinor, pkg.dataLimitBytes, pkg.priceMinor);
  if (dataBytes !== null && !Number.isSafeInteger(dataBytes)) {
    return refused('amountMinor', { id: 'errors.amount.tooMuchData' });
  }
  return { ok: true, allotment: { chargeMinor: amountMinor, timeS, dataBytes, validityS: pkg.validityS } };
}

/** The limits a top-up adds to and a voided top-up takes from. */
export type SessionLimits = AllottedLimits;

export type TopUpResult = { ok: true; limits: SessionLimits } | { ok: false; said: Refusal };

/**
 * Adds an allotment to a live session's limits. Unlimited (null) stays unlimited;
 * an allotment without a dimension leaves that dimension alone. Refuses a top-up
 * that would add nothing, so the cashier never takes money for nothing.
 */
export function addAllotment(limits: SessionLimits, a: Allotment): TopUpResult {
  const add = (have: number | null, more: number | null) => (have === null || more === null ? have : have + more);
  const next: SessionLimits = {
    timeLimitS: add(limits.timeLimitS, a.timeS),
    validityS: add(limits.validityS, a.validityS),
    dataLimitBytes: add(limits.dataLimitBytes, a.dataBytes),
  };
  const grows =
    next.timeLimitS !== limits.timeLimitS || next.dataLimitBytes !== limits.dataLimitBytes || next.validityS !== limits.validityS;
  if (!grows) {
    return { ok: false, said: { id: 'errors.topUp.addsNothing' } };
  }
  if (next.dataLimitBytes !== null && !Number.isSafeInteger(next.dataLimitBytes)) {
    return { ok: false, said: { id: 'errors.topUp.tooMuchData' } };
  }
  return { ok: true, limits: next };
}

/**
 * What a top-up's allotment adds to a live session. A fixed package is a bundle and adds its
 * validity whole (two day passes are two days). A per-unit package is bought by amount, and its
 * validity is a window, not a quantity: the top-up extends the window to end no sooner than the
 * package's validity from now, and adds nothing to it beyond that — three ₱5 coins get the
 * window one ₱15 coin gets, not three times it. What it adds is what the sale records (and
 * what a void of it takes back).
 */
export function topUpAllotment(pricing: Pricing, a: Allotment, s: Pick<UsageSnapshot, 'validityS' | 'createdAt' | 'firstLoginAt'>, now: number): Allotment {
  if (pricing === 'fixed' || a.validityS === null || s.validityS === null) return a;
  const start = validityStart(s);
  // The window the session needs: open from `start` until the package's validity from now (whole seconds, rounded up).
  const needed = start === null ? a.validityS : Math.ceil(Math.max(0, now - start) / 1000) + a.validityS;
  return { ...a, validityS: Math.max(0, needed - s.validityS) };
}

/**
 * A session's validity window from the purchases still standing, replayed in order as they
 * were made (a void: as if the voided top-up never was): the sale's validity, then each top-up's
 * as `topUpAllotment` applies it — a fixed package adds its validity, a per-unit one extends the
 * window to its validity from when it was paid (one paid before the first login: its whole
 * validity). A window a later coin relied on is kept, whatever an earlier one extended. Null:
 * no window (unbounded).
 */
export function replayValidity(soldValidityS: number | null, topUps: readonly { pricing: Pricing; validityS: number | null; at: number }[], start: number | null): number | null {
  let window = soldValidityS;
  for (const t of topUps) {
    if (window === null) return null;
    if (t.validityS === null) continue;
    window = t.pricing === 'fixed' ? window + t.validityS : Math.max(window, (start === null ? 0 : Math.ceil(Math.max(0, t.at - start) / 1000)) + t.validityS);
  }
  return window;
}

/** Takes a voided top-up's allotment back out of a session's limits (never below zero). */
export function removeAllotment(limits: SessionLimits, a: Allotment): SessionLimits {
  const sub = (have: number | null, less: number | null) => (have === null || less === null ? have : Math.max(0, have - less));
  return {
    timeLimitS: sub(limits.timeLimitS, a.timeS),
    validityS: sub(limits.validityS, a.validityS),
    dataLimitBytes: sub(limits.dataLimitBytes, a.dataBytes),
  };
}
