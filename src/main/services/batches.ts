/**
 * Voucher cards, the way cafés sell them through a nearby store or a sheet at the counter:
 * a batch of cards is generated for one package, printed, and counted as sold either when
 * each card is first used (the cards wait in STOCK; lifecycle.activate sells them) or all
 * at generation (a reseller paid upfront: one sale row per card, now). Codes are unique
 * against every voucher and card a customer can still log in with. Voiding a batch's
 * unused cards (a lost or stolen sheet) ends them at once: the login then refuses them.
 */
import type { BatchDetail, BatchInput, BatchView } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { formatMoney } from '../../shared/format';
import { refusal } from '../../shared/i18n/refusal';
import { allot, soldLimits } from '../../shared/engine/allot';
import { CARD_VOIDED } from '../../shared/engine/authorize';
import { unusedDeadline } from '../../shared/engine/expiry';
import { transition } from '../../shared/engine/session-state';
import { generateCredentials, type RandomInt } from '../../shared/engine/vouchers';
import type { BatchRow } from '../db/batches';
import type { Store } from '../db/store';
import { cardSale } from './card-sale';
import type { OperatorActor } from './operators';
import { paymentOf, samePayment } from './payments';
import type { SettingsService } from './settings';
import type { ShiftService } from './shifts';
import type { UnitOfWork } from './unit-of-work';

export interface BatchServiceDeps {
  store: Store;
  uow: UnitOfWork;
  now: () => number;
  settings: SettingsService;
  randomInt: RandomInt;
  shifts: Pick<ShiftService, 'ensureOpen'>;
}

export type BatchService = ReturnType<typeof createBatchService>;

export function createBatchService(d: BatchServiceDeps) {
  const { store } = d;

  const load = (id: number): BatchRow => {
    const b = store.batches.get(id);
    if (!b) throw new AppError('not_found', `Batch ${id} does not exist`);
    return b;
  };

  const view = (b: BatchRow): BatchView => {
    const { valueSoldMinor, ...counts } = store.batches.tally(b.id);
    return {
      id: b.id,
      packageId: b.packageId,
      packageName: b.packageName,
      priceMinor: b.priceMinor,
      count: b.count,
      prefix: b.prefix,
      mode: b.mode,
      label: b.label,
      soldWhen: b.soldWhen,
      createdAt: b.createdAt,
      createdById: b.createdBy,
      createdByName: b.createdByName,
      counts,
      valueSoldMinor,
    };
  };

  const detail = (b: BatchRow): BatchDetail => ({ ...view(b), cards: store.batches.cards(b.id) });

  return {
    /** Generates a batch: its cards (in stock, or sold now with one sale row each), in one transaction. */
    create(input: BatchInput, actor: OperatorActor): BatchDetail {
      const settings = d.settings.get();
      const payment = input.soldWhen === 'generation' ? paymentOf(input, settings.payments.wallets) : null;
      if (input.requestId) {
        const prior = store.batches.byRequestId(input.requestId);
        if (prior) {
          const priorPayment = prior.soldWhen === 'generation' ? store.sales.firstOfBatch(prior.id) : undefined;
          const samePaid = payment === null ? priorPayment === undefined : priorPayment !== undefined && samePayment(priorPayment, payment);
          if (prior.packageId !== input.packageId || prior.count !== input.count || prior.soldWhen !== input.soldWhen || !samePaid) {
            throw new AppError('conflict', `This request already generated batch #${prior.id} (${prior.count} cards of ${prior.packageName}); nothing was generated again`, { requestId: 'Already used' });
          }
          return detail(prior);
        }
      }
      const pkg = store.packages.get(input.packageId);
      if (!pkg) throw new AppError('not_found', `Package ${input.packageId} does not exist`, { packageId: 'No such package' });
      if (!pkg.active) throw new AppError('rule', `"${pkg.name}" is retired and can no longer be sold`, { packageId: 'Retired package' });
      // A card is one unit of a per-unit package: its price buys its limits.
      const r = allot(pkg, pkg.pricing === 'per_unit' ? pkg.priceMinor : undefined, (m) => formatMoney(m, settings.money));
      if (!r.ok) throw refusal('rule', r.said, { packageId: r.said });
      const a = r.allotment;
      const mode = input.mode ?? settings.vouchers.mode;
      const policy = { ...settings.vouchers, mode, prefix: input.prefix };
      const now = d.now();

      return d.uow.run((changes) => {
        const batchId = store.batches.insert({
          packageId: pkg.id,
          packageName: pkg.name,
          packageTerms: JSON.stringify(pkg),
          priceMinor: a.chargeMinor,
          grantedTimeS: a.timeS,
          grantedDataBytes: a.dataBytes,
          grantedValidityS: a.validityS,
          count: input.count,
          prefix: input.prefix,
          mode,
          label: input.label,
          soldWhen: input.soldWhen,
          createdBy: actor.id,
          createdAt: now,
          requestId: input.requestId ?? null,
        });
        const batch = store.batches.get(batchId)!;
        const shiftId = payment ? d.shifts.ensureOpen(actor, now).shiftId : null;
        const limits = soldLimits(pkg, a);
        let firstSaleId: number | null = null;
        for (let i = 0; i < input.count; i++) {
          const creds = generateCredentials(policy, d.randomInt, store.sessions.isCodeLive);
          if (!creds) {
            throw new AppError('rule', `No free voucher code left for ${input.count} cards at this length${input.prefix ? ` with the prefix "${input.prefix}"` : ''}; make codes longer in Settings`, { count: 'Too many for the code length' });
          }
          const sessionId = store.sessions.insertCard({
            login: 'voucher',
            voucherCode: creds.code,
            password: creds.password,
            mac: null,
            packageId: pkg.id,
            packageName: pkg.name,
            ...limits,
            pcUser: null,
            pcStation: null,
            createdAt: now,
            state: payment ? 'PENDING' : 'STOCK',
            // A card in stock is not sold: its unused-voucher time starts with its sale (never, for a first-use card).
            unusedExpiresAt: payment ? unusedDeadline(pkg, now) : null,
            batchId,
          });
          if (payment) {
            const saleId = store.sales.insert(cardSale(batch, sessionId, now, { ...payment, shiftId, requestId: null }));
            firstSaleId ??= saleId;
          }
        }
        store.audit.record(
          actor,
          {
            action: 'batch.create',
            entity: 'batch',
            entityId: batchId,
            details: { packageId: pkg.id, count: input.count, soldWhen: input.soldWhen, label: input.label, priceMinor: a.chargeMinor, ...(payment ? { ...payment, firstSaleId } : {}) },
          },
          now,
        );
        changes.emit('batches.changed', { batchId });
        return detail(batch);
      });
    },

    /** One page of batches, newest first, with their counts. */
    list: (limit: number, before?: number): BatchView[] => store.batches.list(limit, before).map(view),

    /** A batch with its cards. */
    get: (id: number): BatchDetail => detail(load(id)),

    /**
     * Voids the batch's cards nobody has used yet: they are refused at login from now on.
     * Cards sold at generation keep their sale (the reseller paid for them; void a sale
     * itself from History to give money back). Audited once for the batch, with who and why.
     */
    voidUnused(id: number, reason: string, actor: OperatorActor): { batch: BatchView; voided: number } {
      const now = d.now();
      return d.uow.run((changes) => {
        const b = load(id);
        const cards = store.sessions.unusedOfBatch(b.id);
        if (!cards.length) throw new AppError('rule', `Batch #${b.id} has no unused cards left to void`);
        const cardReason = `${CARD_VOIDED}: ${reason}`;
        for (const c of cards) {
          const t = transition(c.state, 'ended');
          if (!t.ok) throw new AppError('conflict', `${t.reason} (card ${c.id})`);
        }
        const voided = store.sessions.endUnusedOfBatch(b.id, now, cardReason);
        // Each card's own trail says it too (its session detail), besides the batch's one line.
        for (const c of cards) store.audit.record(actor, { action: 'session.end', entity: 'session', entityId: c.id, fromState: c.state, toState: 'TERMINATED', reason: cardReason, details: { batchId: b.id } }, now);
        store.audit.record(actor, { action: 'batch.void-unused', entity: 'batch', entityId: b.id, reason, details: { voided } }, now);
        changes.emit('batches.changed', { batchId: b.id });
        return { batch: view(b), voided };
      });
    },
  };
}
