/**
 * Self-service: a payment event from a coin slot or an e-wallet gateway buys time or
 * data for a device (the second source document's purchase flow). One event is one
 * sale, by amount, of the package it names or its source's default, paid the source's
 * way ('coin' or 'e-wallet', its reference kept), sold by "self-service: <source>" into
 * no drawer:
 * - no live session for that MAC: a new MAC-bound session (the MAC is its login);
 * - a live one (bound to that MAC, or the session its device is online with): a top-up,
 *   whose CoA gives the router the new limits (the usage so far is kept: the baseline).
 * The event's webhook-id is stored with the sale in one transaction: a retry, even after
 * a restart, gets the first answer back and sells nothing again. Once committed, the
 * device's gate is opened (the router's API logs it in, or its login page's MAC login
 * does), and the path taken is recorded with the event.
 */
import type { GatePath, PaymentEventBody } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { formatMoney } from '../../shared/format';
import { refusal } from '../../shared/i18n/refusal';
import { allot, tooSmall, type Allotment } from '../../shared/engine/allot';
import { isLive } from '../../shared/engine/session-state';
import type { Actor } from '../db/audit';
import type { PackageRow } from '../db/packages';
import type { PaymentEventRow, PaymentSourceRow, RefusalKey } from '../db/payment-sources';
import type { Store } from '../db/store';
import type { Logger } from '../log';
import type { OperatorActor } from './operators';
import { dayStart, paymentDigest } from './payment-sources';
import type { Selling } from './selling';
import type { SettingsService } from './settings';
import type { UnitOfWork } from './unit-of-work';

/** An occurredAt further than this from our clock is not trusted (the receipt time is kept instead). */
const MAX_SKEW_MS = 24 * 3600_000;

/** What the endpoint answers for an event (also for a retry of it). */
export interface PurchaseOutcome {
  eventId: string;
  /** True when this event was taken before: nothing was sold again. */
  duplicate: boolean;
  outcome: 'new' | 'topup';
  sessionId: number;
  voucherCode: string;
  mac: string;
  saleId: number;
  chargedMinor: number;
  granted: { timeS: number | null; dataBytes: number | null; validityS: number | null };
  /** How the gate opens (or opened): the router's API, the login page's MAC login, or not needed. */
  gate: GatePath | null;
}

/** Opens a device's gate on a router for its paid session: resolves how it went (never rejects); 'already-online' when the router has it logged in as that session. */
export type OpenGate = (device: { mac: string; ip: string | null; sessionId: number }, routerId: number | null) => Promise<{ path: GatePath; error: string | null }>;

/** A gate to open over a router's API once the sale is committed. */
interface Opened {
  source: PaymentSourceRow;
  event: PaymentEventRow;
}

/** Gates still to open after a restart are tried again if the payment is at most this old. */
const RESUME_GATES_MS = 3600_000;

export type SelfService = ReturnType<typeof createSelfService>;

export function createSelfService(d: {
  store: Store;
  uow: UnitOfWork;
  now: () => number;
  settings: Pick<SettingsService, 'get'>;
  selling: Selling;
  /** Whether some router can log devices in over its API (decides the planned gate path). */
  canOpenByApi: (routerId: number | null) => boolean;
  openGate: OpenGate;
  log: Pick<Logger, 'info' | 'warn' | 'error'>;
}) {
  const { store } = d;
  const money = (minor: number) => formatMoney(minor, d.settings.get().money);
  const opening = new Set<Promise<void>>();
  /** Events whose gate is being opened now (source/event id). */
  const gating = new Set<string>();

  const actorOf = (s: Pick<PaymentSourceRow, 'name'>): Actor => ({ kind: 'system', id: null, name: `self-service: ${s.name}` });

  /** What the amount buys of `pkg`: a per-unit package in proportion; a fixed one for at least its price (a coin slot gives no change: the café keeps the whole amount). */
  const allotmentFor = (pkg: PackageRow, amountMinor: number): Allotment => {
    if (amountMinor < pkg.priceMinor) {
      const said = tooSmall(pkg, money);
      throw refusal('rule', said, { amountMinor: said }, { minimumMinor: pkg.priceMinor });
    }
    const r = allot(pkg, amountMinor, money);
    if (!r.ok) throw refusal('rule', r.said, { amountMinor: r.said }, { minimumMinor: pkg.priceMinor });
    return pkg.pricing === 'fixed' ? { ...r.allotment, chargeMinor: amountMinor } : r.allotment;
  };

  const packageFor = (source: PaymentSourceRow, packageId: number | undefined): PackageRow => {
    const id = packageId ?? source.defaultPackageId;
    const pkg = d.selling.sellablePackage(id);
    if (!source.packageIds.includes(id)) {
      const msg = `"${source.name}" may not sell "${pkg.name}"`;
      throw new AppError('rule', msg, { packageId: msg });
    }
    return pkg;
  };

  const outcomeOf = (e: PaymentEventRow, duplicate: boolean): PurchaseOutcome => {
    const sale = store.sales.get(e.saleId)!;
    const session = store.sessions.get(e.sessionId)!;
    return {
      eventId: e.eventId,
      duplicate,
      outcome: e.outcome,
      sessionId: e.sessionId,
      voucherCode: session.voucherCode,
      mac: e.mac,
      saleId: e.saleId,
      chargedMinor: sale.priceMinor,
      granted: { timeS: sale.grantedTimeS, dataBytes: sale.grantedDataBytes, validityS: sale.grantedValidityS },
      gate: e.gate,
    };
  };

  /** Opens the gate after the commit, records the path (and when, or why not) with the event and in the session's trail; once per event at a time. */
  const openGateLater = (source: Pick<PaymentSourceRow, 'name' | 'routerId'>, e: PaymentEventRow) => {
    const key = `${e.sourceId}/${e.eventId}`;
    if (gating.has(key)) return;
    gating.add(key);
    // Once the sale is on disk: a customer is not let online on a payment a power cut could still undo.
    const run = store
      .durable()
      .then(() => d.openGate({ mac: e.mac, ip: e.ip, sessionId: e.sessionId }, source.routerId))
      .then((r) => {
        d.uow.run((changes) => {
          const at = r.path !== 'login-page' && r.error === null ? d.now() : null;
          store.paymentSources.events.setGate(e.sourceId, e.eventId, r.path, at, r.error);
          store.audit.record(actorOf(source), { action: 'session.gate', entity: 'session', entityId: e.sessionId, details: { path: r.path, mac: e.mac, ip: e.ip, error: r.error } }, d.now());
          changes.emit('paymentSources.changed', { sourceId: e.sourceId });
        });
        if (r.error) d.log.warn(`the gate for ${e.mac} did not open over the router's API; its login page's MAC login will: ${r.error}`);
      })
      .catch((err: unknown) => d.log.error('a gate was not opened, or how it opened not recorded', { err, mac: e.mac }))
      .finally(() => {
        opening.delete(run);
        gating.delete(key);
      });
    opening.add(run);
  };

  /** A gate the app was to open over the API but has not (it stopped in between): true when it should be tried now. */
  const gatePending = (e: PaymentEventRow) => e.gate === 'router-api' && e.gateAt === null && e.gateError === null;

  /**
   * The first outcome of an event already taken (a retry), whose gate is tried again if it never
   * was; null when the event is new; conflict when its id came with another payment.
   */
  const prior = (source: PaymentSourceRow, eventId: string, body: PaymentEventBody): PurchaseOutcome | null => {
    const e = store.paymentSources.events.get(source.id, eventId);
    if (!e) return null;
    if (e.paymentSha256 !== paymentDigest(body)) {
      throw new AppError('conflict', `Event id "${eventId}" was already used for another payment (sale #${e.saleId}); give each payment its own id`);
    }
    if (gatePending(e)) openGateLater(source, e);
    return outcomeOf(e, true);
  };

  /**
   * Makes the sale a payment pays for (in the caller's transaction): a top-up of the device's
   * live session, else a new MAC-bound one; stores the event and its audit row. `opened`: the
   * gate to open over the router's API once committed.
   */
  const take = (
    source: PaymentSourceRow,
    p: RefusalKey & { body: PaymentEventBody; pkg: PackageRow; allotment: Allotment; receivedAt: number; occurredAt: number },
    actor: Actor,
  ): { event: PaymentEventRow; opened: Opened | null } => {
    const { body, receivedAt } = p;
    const sold = {
      pkg: p.pkg,
      allotment: p.allotment,
      paidMinor: p.allotment.chargeMinor,
      payment: { paymentMethod: source.kind, wallet: null, paymentRef: body.reference ?? null },
      operatorId: null,
      sourceId: source.id,
      shiftId: null,
      requestId: null,
    };
    // The device's live session: bound to its MAC, else the one it is online with now (unless this
    // payment could not top that one up — it adds nothing to it, a time voucher and a data coin say,
    // or nothing it could use — then it gets its own).
    const online = liveOnlineWith(body.mac);
    const live = store.sessions.liveByMac(body.mac) ?? (online && d.selling.canTopUp(online, sold, receivedAt) ? online : undefined);
    let saleId: number;
    let sessionId: number;
    if (live) {
      saleId = d.selling.topUp(live, sold, actor, receivedAt).saleId;
      sessionId = live.id;
    } else {
      ({ saleId, sessionId } = d.selling.open(sold, { mac: body.mac }, actor, receivedAt));
    }
    // With a router's API the router says whether the device is online (the database may not know yet); without, the open connections do.
    const onlineNow = live !== undefined && store.connections.openBySession(live.id).length > 0;
    const gate: GatePath = d.canOpenByApi(source.routerId) ? 'router-api' : onlineNow ? 'already-online' : 'login-page';
    const event: PaymentEventRow = {
      sourceId: source.id,
      eventId: p.eventId,
      paymentSha256: p.paymentSha256,
      receivedAt,
      occurredAt: p.occurredAt,
      mac: body.mac,
      ip: body.ip ?? null,
      amountMinor: body.amountMinor,
      packageId: p.pkg.id,
      reference: body.reference ?? null,
      saleId,
      sessionId,
      outcome: live ? 'topup' : 'new',
      gate,
      gateAt: gate === 'already-online' ? receivedAt : null,
      gateError: null,
    };
    store.paymentSources.events.insert(event);
    store.audit.record(actorOf(source), { action: 'payment.received', entity: 'sale', entityId: saleId, details: { source: source.key, eventId: p.eventId, reference: event.reference, mac: body.mac, ip: event.ip, amountMinor: body.amountMinor } }, receivedAt);
    return { event, opened: gate === 'router-api' ? { source, event } : null };
  };

  return {
    prior,

    /**
     * Takes a verified payment event of `source` once: the sale and its session (new or topped
     * up) and the event, in one transaction; then the gate opens. A retry with the same id and
     * body gets the first outcome (duplicate); the same id with another body is a conflict.
     * Throws AppError: forbidden (source disabled), not_found (package), rule (not its package,
     * below the minimum, over the daily cap, a top-up that adds nothing), conflict.
     */
    purchase(source: PaymentSourceRow, eventId: string, body: PaymentEventBody): PurchaseOutcome {
      const receivedAt = d.now();
      const stated = typeof body.occurredAt === 'number' ? body.occurredAt : Date.parse(body.occurredAt);
      const occurredAt = Math.abs(stated - receivedAt) <= MAX_SKEW_MS ? stated : receivedAt;
      let opened: Opened | null = null;
      const outcome = d.uow.run((changes) => {
        const retry = prior(source, eventId, body);
        if (retry) return retry;
        const key = { sourceId: source.id, eventId, paymentSha256: paymentDigest(body) };
        const settled = store.paymentSources.events.refusal(key);
        if (settled?.settled === 'refunded') {
          throw new AppError('conflict', `Event "${eventId}" was refused and then refunded at the counter; it is not sold now (the customer would pay once and get twice)`);
        }
        const current = store.paymentSources.get(source.id)!;
        if (!current.enabled) throw new AppError('forbidden', `Payment source "${current.key}" is disabled; an admin enables it in Settings → Self-service`);
        const pkg = packageFor(current, body.packageId);
        const allotment = allotmentFor(pkg, body.amountMinor);
        if (current.dailyCapMinor !== null) {
          const taken = store.paymentSources.taken(current.id, dayStart(receivedAt), receivedAt + 1).totalMinor;
          if (taken + allotment.chargeMinor > current.dailyCapMinor) {
            const msg = `Over the daily cap of ${money(current.dailyCapMinor)} for "${current.name}" (${money(taken)} taken today)`;
            throw new AppError('rule', msg, { amountMinor: msg }, { dailyCapMinor: current.dailyCapMinor, takenTodayMinor: taken });
          }
        }
        const taken = take(current, { ...key, body, pkg, allotment, receivedAt, occurredAt }, actorOf(current));
        // Taken once the cause was fixed (a retry after the cap was raised, say): no longer money without a sale.
        store.paymentSources.events.dropRefusal(key);
        changes.emit('paymentSources.changed', { sourceId: current.id });
        opened = taken.opened;
        return outcomeOf(taken.event, false);
      });
      if (opened) openGateLater((opened as Opened).source, (opened as Opened).event);
      return outcome;
    },

    /**
     * Sells at the counter what a refused payment paid for (its source was over its cap, say, and
     * the customer is at the desk): the sale is made as the event would have made it, paid the
     * source's way into no drawer, with the package the cashier picks (by default the one the event
     * named, or the source's default when that one cannot be sold) — whatever the source's cap, packages or switch say, since the money is already
     * in its device. The event is stored under its id and payment, so a retry of it gets this
     * sale back; the refusal stays, marked sold by the operator. Throws not_found (no such
     * refusal), conflict (settled already), rule (the amount does not buy that package).
     */
    sellRefused(key: RefusalKey, packageId: number | undefined, actor: OperatorActor): PurchaseOutcome {
      let opened: Opened | null = null;
      const outcome = d.uow.run((changes) => {
        const r = store.paymentSources.events.refusal(key);
        if (!r) throw new AppError('not_found', 'That refused payment does not exist (a retry of it may have been taken since)');
        if (r.settled) throw new AppError('conflict', `That payment was already ${r.settled === 'sold' ? 'sold by hand' : 'refunded'}`);
        const source = store.paymentSources.get(r.sourceId)!;
        // Unless the cashier picked one: the package the event named while it can be sold (it may be
        // what was refused: unknown or retired), else the source's default.
        const named = r.packageId === null ? undefined : store.packages.get(r.packageId);
        const pkg = d.selling.sellablePackage(packageId ?? (named?.active ? named.id : source.defaultPackageId));
        const allotment = allotmentFor(pkg, r.amountMinor);
        const now = d.now();
        const body: PaymentEventBody = { source: source.key, mac: r.mac, amountMinor: r.amountMinor, occurredAt: r.receivedAt, ...(r.reference === null ? {} : { reference: r.reference }) };
        // Refused because its id was taken by another payment: it is stored under an id of its own (a retry of it is still refused as a reused id).
        const eventId = store.paymentSources.events.get(key.sourceId, key.eventId) ? `${key.eventId}/by-hand-${key.paymentSha256.slice(0, 12)}` : key.eventId;
        const taken = take(source, { ...key, eventId, body, pkg, allotment, receivedAt: now, occurredAt: r.receivedAt }, actor);
        store.paymentSources.events.settle(key, { settled: 'sold', at: now, by: actor.id, note: null, saleId: taken.event.saleId });
        store.audit.record(actor, { action: 'payment.sold-by-hand', entity: 'sale', entityId: taken.event.saleId, details: { source: source.key, eventId: key.eventId, reason: r.reason, packageId: pkg.id, amountMinor: r.amountMinor } }, now);
        changes.emit('paymentSources.changed', { sourceId: source.id });
        opened = taken.opened;
        return outcomeOf(taken.event, false);
      });
      if (opened) openGateLater((opened as Opened).source, (opened as Opened).event);
      return outcome;
    },

    /** After a start: opens the gates of the last hour's payments that were committed but never got theirs (the app stopped in between). */
    resumeGates(): number {
      const pending = store.paymentSources.events.gatesPending(d.now() - RESUME_GATES_MS);
      for (const e of pending) openGateLater(store.paymentSources.get(e.sourceId)!, e);
      return pending.length;
    },

    /** Gate openings still under way (close waits for them before the database closes). */
    settled: async (): Promise<void> => {
      while (opening.size) await Promise.allSettled([...opening]);
    },
  };

  function liveOnlineWith(mac: string) {
    for (const c of store.connections.openByMac(mac)) {
      const s = store.sessions.get(c.sessionId);
      if (s && isLive(s.state)) return s;
    }
    return undefined;
  }
}
