/**
 * The session lifecycle as the counter drives it: sell, top up, end, link to a PC,
 * void, reprint. Each operation is one unit of work that writes the ledger, the
 * session, the audit trail and any disconnects it implies; events go out after the commit.
 */
import type { MethodOutput, SellInput, TopUpInput } from '../../shared/contract';
import { allottedLimits, type Pricing, type SaleView, type SessionView } from '../../shared/domain';
import { refusal, type Refusal } from '../../shared/i18n/refusal';
import { formatMoney, mostReceived } from '../../shared/format';
import type { Actor } from '../db/audit';
import type { OperatorActor } from './operators';
import type { PackageRow } from '../db/packages';
import type { NewSale, SaleListQuery, SaleRow } from '../db/sales';
import type { SessionListQuery, SessionRow } from '../db/sessions';
import type { Store } from '../db/store';
import { allot, removeAllotment, replayValidity, type Allotment, type SessionLimits } from '../../shared/engine/allot';
import { validityStart } from '../../shared/engine/remaining';
import { inStock, isFinal, unusedCard } from '../../shared/engine/session-state';
import type { RandomInt } from '../../shared/engine/vouchers';
import type { Lifecycle } from './lifecycle';
import { createSelling, type Sold } from './selling';
import { paidWith, paymentOf, samePayment, type Payment } from './payments';
import type { SettingsService } from './settings';
import type { ShiftService } from './shifts';
import type { UnitOfWork } from './unit-of-work';
import { loadSessionView, sessionViews, toAuditEntry, toConnectionView, toSaleView } from './views';

export interface SessionServiceDeps {
  store: Store;
  uow: UnitOfWork;
  now: () => number;
  settings: SettingsService;
  randomInt: RandomInt;
  lifecycle: Lifecycle;
  /** Every ledger row names the acting operator's open shift (opened in the same transaction when none is). */
  shifts: Pick<ShiftService, 'ensureOpen'>;
}

/** Who is looking: an admin sees every card's credentials, a cashier not those of unused cards. */
export interface Viewer {
  admin: boolean;
}

export interface SaleResult {
  sale: SaleView;
  session: SessionView;
}

export type SessionService = ReturnType<typeof createSessionService>;

/** Creates the session service over the store. */
export function createSessionService(d: SessionServiceDeps) {
  const { store } = d;
  const money = (minor: number) => formatMoney(minor, d.settings.get().money);

  const view = (id: number): SessionView => {
    const v = loadSessionView(store, id, d.now());
    if (!v) throw refusal('not_found', { id: 'errors.session.notFound', values: { id } });
    return v;
  };

  const saleResult = (saleId: number, sessionId: number): SaleResult => ({
    sale: toSaleView(store.sales.get(saleId)!),
    session: view(sessionId),
  });

  const allotmentFor = (pkg: PackageRow, amountMinor: number | undefined, paidMinor: number, payment: Payment): Allotment => {
    const r = allot(pkg, amountMinor, money);
    if (!r.ok) throw refusal('rule', r.said, { [r.field]: r.said });
    const charge = r.allotment.chargeMinor;
    const refuse = (msg: Refusal) => refusal('rule', msg, { paidMinor: msg });
    if (paidMinor < charge) throw refuse({ id: 'errors.sale.paidLess', values: { paid: money(paidMinor), price: money(charge) } });
    // Change comes out of the cash drawer: a payment by e-wallet, card or other is the price exactly, or the drawer comes up short.
    if (payment.paymentMethod !== 'cash' && paidMinor !== charge) {
      throw refuse({ id: 'errors.sale.exactOnly', values: { ...paidWith(payment), price: money(charge) } });
    }
    // An amount no customer hands over (a slip of the keypad, a key held down) would print as change and count in the drawer.
    const most = mostReceived(charge, d.settings.get().money);
    if (paidMinor > most) throw refuse({ id: 'errors.sale.paidTooMuch', values: { paid: money(paidMinor), price: money(charge), most: money(most) } });
    return r.allotment;
  };

  /** What a retry must repeat of a sale's terms beyond its package and payment: the amount sold (per-unit), and whom it was sold to. */
  const sameTerms = (prior: SaleRow, input: Partial<Pick<SellInput, 'amountMinor' | 'mac' | 'pcUser' | 'pcStation'>>): boolean => {
    if (store.packages.get(prior.packageId)?.pricing === 'per_unit' && input.amountMinor !== prior.priceMinor) return false;
    if (prior.kind !== 'sale') return true;
    const session = store.sessions.get(prior.sessionId)!;
    // The PC can have been linked since (Link to PC on Sessions): only a PC the retry names must be the same.
    return (input.mac ?? null) === session.mac && (input.pcUser === undefined || input.pcUser === session.pcUser) && (input.pcStation === undefined || input.pcStation === session.pcStation);
  };

  /**
   * An earlier sale with this request id (a retry or a double click): the same result, not a
   * second sale. The same id with other terms (a different package, session, amount sold or
   * received, customer or payment method: the form was changed after an answer got lost) is
   * refused, naming the sale that was recorded, rather than selling twice or replaying terms
   * the cashier no longer sees.
   */
  const replay = (
    input: { requestId?: string | undefined; packageId: number; paidMinor: number; sessionId?: number } & Partial<Pick<SellInput, 'amountMinor' | 'mac' | 'pcUser' | 'pcStation'>>,
    payment: Payment,
    kind: 'sale' | 'topup',
  ): SaleResult | null => {
    if (!input.requestId) return null;
    const prior = store.sales.byRequestId(input.requestId);
    if (!prior) return null;
    if (prior.kind !== kind || prior.packageId !== input.packageId || (input.sessionId !== undefined && prior.sessionId !== input.sessionId)) {
      throw refusal('conflict', { id: 'errors.sale.requestIdReused' }, { requestId: { id: 'errors.sale.requestIdUsed' } });
    }
    if (prior.paidMinor !== input.paidMinor || !samePayment(prior, payment) || !sameTerms(prior, input)) {
      const msg: Refusal = { id: 'errors.sale.alreadyRecorded', values: { sale: prior.id, code: prior.voucherCode, received: money(prior.paidMinor), ...paidWith(prior) } };
      throw refusal('conflict', msg, { requestId: msg });
    }
    return saleResult(prior.id, prior.sessionId);
  };

  /**
   * The shift a void counts in: the sale's own shift while it is still open (the money goes back
   * out of that drawer, so it balances), else the voiding operator's (the money leaves now); none
   * for a voucher card's sale or a self-service one.
   */
  const voidShift = (sale: SaleRow, actor: OperatorActor, now: number): number | null => {
    // A card sold by its first use, or a self-service sale, went through no drawer: taking it back does not either.
    if (sale.paymentMethod === 'voucher-card' || sale.sourceId !== null) return null;
    const own = sale.shiftId === null ? undefined : store.shifts.get(sale.shiftId);
    return own && own.closedAt === null ? own.id : d.shifts.ensureOpen(actor, now).shiftId;
  };

  const { queueForOpenConnections, finish, expireIfDue } = d.lifecycle;
  const selling = createSelling(d);

  /** The counter's terms: the operator sells, into their open shift (opened now if none is). */
  const sold = (pkg: PackageRow, a: Allotment, input: Pick<SellInput, 'paidMinor' | 'requestId'>, payment: Payment, actor: OperatorActor, now: number): Sold => ({
    pkg,
    allotment: a,
    paidMinor: input.paidMinor,
    payment,
    operatorId: actor.id,
    sourceId: null,
    shiftId: d.shifts.ensureOpen(actor, now).shiftId,
    requestId: input.requestId ?? null,
  });

  const recordedSale = (id: number): SaleRow => {
    const sale = store.sales.get(id);
    if (!sale) throw refusal('not_found', { id: 'errors.sale.notFound', values: { sale: id } });
    return sale;
  };

  const liveSession = (id: number): SessionRow => {
    const s = store.sessions.get(id);
    if (!s) throw refusal('not_found', { id: 'errors.session.notFound', values: { id } });
    return s;
  };

  /**
   * A session's limits without a voided top-up: its time and data taken back, and the validity
   * window replayed from the purchases still standing (allot.ts replayValidity: a later coin's
   * window may rest on what this one extended).
   */
  const withoutTopUp = (s: SessionRow, topUp: SaleRow): SessionLimits => {
    const limits = removeAllotment(s, { chargeMinor: 0, timeS: topUp.grantedTimeS, dataBytes: topUp.grantedDataBytes, validityS: topUp.grantedValidityS });
    const standing = store.sales.bySession(s.id).filter((x) => x.kind !== 'void' && x.voidedBySaleId === null && x.id !== topUp.id);
    const sold = standing.find((x) => x.kind === 'sale');
    if (!sold) return limits;
    const topUps = standing
      .filter((x) => x.kind === 'topup')
      .map((x) => {
        const terms = JSON.parse(x.packageTerms) as { pricing: Pricing; validityS: number | null };
        // A per-unit top-up that added its package's whole validity was sold when every coin did (before the
        // window was extended instead; or, to the second, just as its window closed): replayed as it was, adding it.
        const added = terms.pricing === 'per_unit' && terms.validityS !== null && x.grantedValidityS === terms.validityS;
        return { pricing: added ? ('fixed' as const) : terms.pricing, validityS: terms.validityS, at: x.createdAt };
      });
    return { ...limits, validityS: replayValidity(sold.grantedValidityS, topUps, validityStart(s)) };
  };

  return {
    /** Sells a package: the sale row and the new PENDING session with its voucher, in one transaction. */
    sell(input: SellInput, actor: OperatorActor): SaleResult {
      const payment = paymentOf(input, d.settings.get().payments.wallets);
      const replayed = replay(input, payment, 'sale');
      if (replayed) return replayed;
      const pkg = selling.sellablePackage(input.packageId);
      const a = allotmentFor(pkg, input.amountMinor, input.paidMinor, payment);
      const now = d.now();

      return d.uow.run(() => {
        const { saleId, sessionId } = selling.open(sold(pkg, a, input, payment, actor, now), input, actor, now);
        return saleResult(saleId, sessionId);
      });
    },

    /** Adds a package's allotment to a live session as a new sale; open devices get a CoA with the new limits. */
    topUp(input: TopUpInput, actor: OperatorActor): SaleResult {
      const payment = paymentOf(input, d.settings.get().payments.wallets);
      const replayed = replay(input, payment, 'topup');
      if (replayed) return replayed;
      const pkg = selling.sellablePackage(input.packageId);
      const a = allotmentFor(pkg, input.amountMinor, input.paidMinor, payment);
      const now = d.now();

      return d.uow.run(() => {
        const s = liveSession(input.sessionId);
        const { saleId } = selling.topUp(s, sold(pkg, a, input, payment, actor, now), actor, now);
        return saleResult(saleId, s.id);
      });
    },

    /** Ends a live session now (TERMINATED) and queues the disconnect of its devices. */
    end(id: number, reason: string, actor: Actor): SessionView {
      d.uow.run(() => {
        const s = liveSession(id);
        if (inStock(s.state)) throw refusal('rule', { id: 'errors.session.inStockEnd', values: { code: s.voucherCode } });
        finish(s, 'ended', reason, actor, d.now());
      });
      return view(id);
    },

    /** Links a session to a game-PC user (or unlinks it with null). */
    linkPc(id: number, pcUser: string | null, pcStation: string | null, actor: Actor): SessionView {
      d.uow.run((changes) => {
        const s = liveSession(id);
        if (isFinal(s.state)) throw refusal('conflict', { id: 'errors.session.linkEnded', values: { code: s.voucherCode } });
        if (inStock(s.state)) throw refusal('rule', { id: 'errors.session.inStockLink', values: { code: s.voucherCode } });
        store.sessions.setPc(id, pcUser, pcStation);
        store.audit.record(
          actor,
          { action: 'session.link-pc', entity: 'session', entityId: id, details: { from: s.pcUser, to: pcUser, station: pcStation } },
          d.now(),
        );
        changes.sessions(id);
      });
      return view(id);
    },

    /**
     * Voids a sale with a reversing row. Voiding the original sale ends its session;
     * voiding a top-up takes its allotment back (and ends the session if nothing is left).
     */
    voidSale(saleId: number, reason: string, actor: OperatorActor): { void: SaleView; session: SessionView } {
      const now = d.now();
      const { voided, sessionId } = d.uow.run((changes) => {
        const sale = recordedSale(saleId);
        if (sale.kind === 'void') throw refusal('rule', { id: 'errors.void.ofVoid' });
        if (sale.voidedBySaleId !== null) throw refusal('conflict', { id: 'errors.void.already', values: { sale: saleId, by: sale.voidedBySaleId } });
        const voidId = store.sales.insert(voidRow(sale, reason, actor, now, voidShift(sale, actor, now)));
        store.audit.record(actor, { action: 'sale.void', entity: 'sale', entityId: saleId, reason, details: { voidId } }, now);

        const s = liveSession(sale.sessionId);
        if (!isFinal(s.state)) {
          if (sale.kind === 'sale') {
            finish(s, 'ended', `Sale voided: ${reason}`, actor, now);
          } else {
            const limits = withoutTopUp(s, sale);
            store.sessions.setLimits(s.id, limits);
            store.audit.record(actor, { action: 'session.topup-void', entity: 'session', entityId: s.id, reason, details: { before: allottedLimits(s), after: limits } }, now);
            const open = store.connections.openBySession(s.id).map((c) => c.lastUpdateAt);
            // What is left may not last: the session then ends now, for this reason; else its devices get the smaller limits.
            if (!expireIfDue({ ...s, ...limits }, open, actor, now, `Top-up voided: ${reason}`)) queueForOpenConnections(s.id, 'coa', 'Top-up voided', now);
          }
        }
        const voided = toSaleView(store.sales.get(voidId)!);
        changes.emit('sale.recorded', { sale: voided });
        changes.sessions(s.id);
        return { voided, sessionId: s.id };
      });
      return { void: voided, session: view(sessionId) };
    },

    /** A sale and its session as the slip shows them (a sale just made elsewhere: a refused payment sold by hand). */
    saleAndSession(saleId: number): { sale: SaleView; session: SessionView } {
      const sale = recordedSale(saleId);
      return { sale: toSaleView(sale), session: view(sale.sessionId) };
    },

    /** A sale's slip again (audited); refused for a void or a voided sale, whose voucher no longer works. */
    reprint(saleId: number, actor: OperatorActor, viewer: Viewer): MethodOutput<'sales.reprint'> {
      const sale = recordedSale(saleId);
      if (!viewer.admin && unusedCard(store.sessions.get(sale.sessionId)!)) throw refusal('forbidden', { id: 'errors.reprint.unusedCard' });
      if (sale.kind === 'void') throw refusal('rule', { id: 'errors.reprint.ofVoid' });
      if (sale.voidedBySaleId !== null) throw refusal('rule', { id: 'errors.reprint.voided', values: { sale: sale.id, by: sale.voidedBySaleId } });
      const reprintedAt = d.now();
      d.uow.run(() => store.audit.record(actor, { action: 'sale.reprint', entity: 'sale', entityId: sale.id, details: { sessionId: sale.sessionId } }, reprintedAt));
      return { sale: toSaleView(sale), session: view(sale.sessionId), reprintedAt, operatorName: actor.name };
    },

    /** One page of the sales ledger, newest first. */
    /** One page of the sales ledger; a cashier does not see the sales of unused cards (paid at generation, not yet used). */
    sales: (q: SaleListQuery, viewer: Viewer): SaleView[] => store.sales.list({ ...q, withoutUnusedCards: !viewer.admin }).map(toSaleView),

    /**
     * One page of sessions as the list asks, newest first, viewed now. An unused card is only
     * listed when its exact code is searched, and a cashier does not see its password: until
     * it is used, a card's credentials are as good as cash, and only admins handle the stock.
     */
    list: (q: SessionListQuery, viewer: Viewer): SessionView[] =>
      sessionViews(store, store.sessions.list(q), d.now()).map((v) => (viewer.admin || !unusedCard(v) ? v : { ...v, password: '' })),

    /** One session with its connections, sales and audit trail; not_found when there is none (a cashier: nor for an unused card). */
    detail(id: number, viewer: Viewer): MethodOutput<'sessions.get'> {
      const v = view(id);
      if (!viewer.admin && unusedCard(v)) throw refusal('forbidden', { id: 'errors.session.unusedCard' });
      const connections = store.connections.bySession(id).map(toConnectionView);
      const sales = store.sales.bySession(id).map(toSaleView);
      const audit = store.audit.list({ entity: 'session', entityId: id, limit: 200 }).map(toAuditEntry);
      return { ...v, connections, sales, audit };
    },

    /** The view of one session; not_found when there is none. */
    view,
  };
}

function voidRow(sale: SaleRow, reason: string, actor: OperatorActor, now: number, shiftId: number | null): NewSale {
  return {
    kind: 'void',
    sessionId: sale.sessionId,
    packageId: sale.packageId,
    packageName: sale.packageName,
    packageTerms: sale.packageTerms,
    priceMinor: -sale.priceMinor,
    paidMinor: -sale.priceMinor,
    changeMinor: 0,
    paymentMethod: sale.paymentMethod,
    wallet: sale.wallet,
    paymentRef: sale.paymentRef,
    // A self-service sale's void counts for its source too (its cap, its line in Reports).
    sourceId: sale.sourceId,
    grantedTimeS: sale.grantedTimeS === null ? null : -sale.grantedTimeS,
    grantedDataBytes: sale.grantedDataBytes === null ? null : -sale.grantedDataBytes,
    grantedValidityS: sale.grantedValidityS === null ? null : -sale.grantedValidityS,
    operatorId: actor.id,
    voidsSaleId: sale.id,
    reason,
    requestId: null,
    createdAt: now,
    shiftId,
  };
}
