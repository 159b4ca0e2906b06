/**
 * The two ledger moves every seller shares, the counter and a self-service payment
 * event alike, run inside the caller's unit of work: open a new session with its sale,
 * and add a sale's allotment to a live session (a top-up, with the CoA its open devices
 * need). Who sold it (an operator in a shift, or a payment source with no drawer) and how
 * it was paid come in the `Sold` terms; the rules and the rows are the same.
 */
import { allottedLimits } from '../../shared/domain';
import type { AppError } from '../../shared/errors';
import { refusal, type Refusal } from '../../shared/i18n/refusal';
import { addAllotment, soldLimits, topUpAllotment, type Allotment, type SessionLimits } from '../../shared/engine/allot';
import { dueEnding, unusedDeadline, unusedDeadlineAfterTopUp } from '../../shared/engine/expiry';
import { remaining } from '../../shared/engine/remaining';
import { inStock, isFinal } from '../../shared/engine/session-state';
import { generateCredentials, type RandomInt } from '../../shared/engine/vouchers';
import type { Actor } from '../db/audit';
import type { PackageRow } from '../db/packages';
import type { NewSale } from '../db/sales';
import type { SessionRow } from '../db/sessions';
import type { Store } from '../db/store';
import type { Lifecycle } from './lifecycle';
import type { Payment } from './payments';
import type { SettingsService } from './settings';
import type { UnitOfWork } from './unit-of-work';
import { toSaleView } from './views';

/** A sale's terms: the package, what the money bought, how it was paid and who takes it in. */
export interface Sold {
  pkg: PackageRow;
  allotment: Allotment;
  paidMinor: number;
  payment: Payment;
  /** The operator who sold it; null for a self-service sale. */
  operatorId: number | null;
  /** The payment source of a self-service sale; null at the counter. */
  sourceId: number | null;
  /** The drawer it went into; null when none did (self-service). */
  shiftId: number | null;
  requestId: string | null;
}

/** What the new session is for: MAC login binds it to a device; a PC user links it to a game PC. */
export interface ForWhom {
  mac?: string | undefined;
  pcUser?: string | undefined;
  pcStation?: string | undefined;
}

export type Selling = ReturnType<typeof createSelling>;

export function createSelling(d: {
  store: Store;
  uow: Pick<UnitOfWork, 'current'>;
  lifecycle: Pick<Lifecycle, 'queueForOpenConnections'>;
  settings: Pick<SettingsService, 'get'>;
  randomInt: RandomInt;
}) {
  const { store } = d;

  const saleRow = (kind: 'sale' | 'topup', sessionId: number, t: Sold, now: number): NewSale => ({
    kind,
    sessionId,
    packageId: t.pkg.id,
    packageName: t.pkg.name,
    packageTerms: JSON.stringify(t.pkg),
    priceMinor: t.allotment.chargeMinor,
    paidMinor: t.paidMinor,
    changeMinor: t.paidMinor - t.allotment.chargeMinor,
    ...t.payment,
    grantedTimeS: t.allotment.timeS,
    grantedDataBytes: t.allotment.dataBytes,
    grantedValidityS: t.allotment.validityS,
    operatorId: t.operatorId,
    sourceId: t.sourceId,
    voidsSaleId: null,
    reason: null,
    requestId: t.requestId,
    createdAt: now,
    shiftId: t.shiftId,
  });

  const recorded = (saleId: number, sessionId: number) => {
    const changes = d.uow.current();
    changes.emit('sale.recorded', { sale: toSaleView(store.sales.get(saleId)!) });
    changes.sessions(sessionId);
  };

  /**
   * What a top-up of `s` with `t` would set, or why it is refused: an ended session, a card still
   * in stock, a top-up that adds nothing, one after which the session would still end now, or
   * one of time alone that the validity window leaves no room to use.
   */
  const topUpTerms = (s: SessionRow, t: Sold, now: number): { ok: true; allotment: Allotment; limits: SessionLimits; unusedExpiresAt: number | null } | { ok: false; refused: AppError } => {
    const refuse = (msg: Refusal) => ({ ok: false as const, refused: refusal('rule', msg, { packageId: msg }) });
    if (isFinal(s.state)) {
      return { ok: false, refused: refusal('conflict', { id: 'errors.session.over', values: { code: s.voucherCode, state: s.state } }) };
    }
    if (inStock(s.state)) return { ok: false, refused: refusal('rule', { id: 'errors.session.inStockTopUp', values: { code: s.voucherCode } }) };
    const allotment = topUpAllotment(t.pkg.pricing, t.allotment, s, now);
    const r = addAllotment(s, allotment);
    if (!r.ok) return refuse(r.said);
    const unusedExpiresAt = unusedDeadlineAfterTopUp(s, t.pkg, now);
    // Still over once topped up (its validity window closed, and this package adds none): the next sweep would end it, the money bought nothing.
    const openSince = store.connections.openDevices(s.id).map((x) => x.lastUpdateAt);
    const still = dueEnding({ ...s, ...r.limits, unusedExpiresAt }, openSince, now);
    if (still) return refuse({ id: 'errors.topUp.stillEnds', values: { code: s.voucherCode, package: t.pkg.name, expiry: still.expiry } });
    // Time alone, and none of it usable: the validity window ends before the time already left is used up.
    const timeOnly = (allotment.timeS ?? 0) > 0 && !allotment.dataBytes && !allotment.validityS;
    if (timeOnly && remaining({ ...s, ...r.limits }, openSince, now).timeS === remaining(s, openSince, now).timeS) {
      return refuse({ id: 'errors.topUp.noRoom', values: { code: s.voucherCode, package: t.pkg.name } });
    }
    return { ok: true, allotment, limits: r.limits, unusedExpiresAt };
  };

  return {
    /** A package that can be sold now: not_found when there is none, a rule error when it is retired. */
    sellablePackage(packageId: number): PackageRow {
      const pkg = store.packages.get(packageId);
      if (!pkg) throw refusal('not_found', { id: 'errors.package.notFound', values: { id: packageId } }, { packageId: { id: 'errors.package.noSuch' } });
      if (!pkg.active) throw refusal('rule', { id: 'errors.package.retired', values: { package: pkg.name } }, { packageId: { id: 'errors.package.retiredField' } });
      return pkg;
    },

    /**
     * A new PENDING session with its voucher (or bound to a MAC) and its sale; refuses a MAC
     * that already has a live session (`conflict`, naming its voucher).
     */
    open(t: Sold, whom: ForWhom, actor: Actor, now: number): { saleId: number; sessionId: number } {
      if (whom.mac) {
        const other = store.sessions.liveByMac(whom.mac);
        if (other) {
          const msg = { id: 'errors.sale.macLive', values: { code: other.voucherCode } } as const;
          throw refusal('conflict', msg, { mac: msg });
        }
      }
      const creds = generateCredentials(d.settings.get().vouchers, d.randomInt, store.sessions.isCodeLive);
      if (!creds) throw refusal('rule', { id: 'errors.sale.noFreeCode' });
      const sessionId = store.sessions.insert({
        login: whom.mac ? 'mac' : 'voucher',
        voucherCode: creds.code,
        password: creds.password,
        mac: whom.mac ?? null,
        packageId: t.pkg.id,
        packageName: t.pkg.name,
        ...soldLimits(t.pkg, t.allotment),
        pcUser: whom.pcUser ?? null,
        pcStation: whom.pcStation ?? null,
        createdAt: now,
        unusedExpiresAt: unusedDeadline(t.pkg, now),
        sourceId: t.sourceId,
      });
      const saleId = store.sales.insert(saleRow('sale', sessionId, t, now));
      store.audit.record(actor, { action: 'session.create', entity: 'session', entityId: sessionId, toState: 'PENDING', details: { saleId } }, now);
      store.audit.record(actor, { action: 'sale.record', entity: 'sale', entityId: saleId, details: { priceMinor: t.allotment.chargeMinor, packageId: t.pkg.id } }, now);
      recorded(saleId, sessionId);
      return { saleId, sessionId };
    },

    /** Whether `t` could top `s` up now (see topUp): a coin slot tops up the voucher a phone is online with only then. */
    canTopUp: (s: SessionRow, t: Sold, now: number): boolean => topUpTerms(s, t, now).ok,

    /**
     * Adds the allotment to a live session as a top-up sale; its open devices get a CoA with the
     * new limits. Refuses an ended session, a card still in stock, and a top-up that adds nothing
     * (or only time the validity window leaves no room to use).
     */
    topUp(s: SessionRow, t: Sold, actor: Actor, now: number): { saleId: number } {
      const terms = topUpTerms(s, t, now);
      if (!terms.ok) throw terms.refused;
      const { allotment, limits, unusedExpiresAt } = terms;
      store.sessions.setLimits(s.id, limits);
      if (unusedExpiresAt !== s.unusedExpiresAt) store.sessions.setUnusedExpiry(s.id, unusedExpiresAt);
      const saleId = store.sales.insert(saleRow('topup', s.id, { ...t, allotment }, now));
      store.audit.record(actor, { action: 'session.topup', entity: 'session', entityId: s.id, details: { saleId, before: allottedLimits(s), after: limits } }, now);
      store.audit.record(actor, { action: 'sale.record', entity: 'sale', entityId: saleId, details: { priceMinor: t.allotment.chargeMinor, packageId: t.pkg.id } }, now);
      d.lifecycle.queueForOpenConnections(s.id, 'coa', 'Top-up', now);
      recorded(saleId, s.id);
      return { saleId };
    },
  };
}
