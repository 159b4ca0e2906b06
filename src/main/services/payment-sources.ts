/**
 * Payment sources: the coin slots and e-wallet gateways that sell without the cashier.
 * Admins add, change and disable them; each has its own signing secret, shown once
 * (create, rotate) and sealed at rest like the routers' secrets. What the LAN endpoint
 * refused per source is counted here (in memory, since the app started), so an admin
 * setting a vendor's device up sees why its events do not arrive; a refused payment the
 * source signed (money in its device, no sale) is also stored, for the reports.
 */
import { createHash } from 'node:crypto';
import type { MethodParsedInput } from '../../shared/contract';
import type { PaymentEventBody, PaymentEventView, PaymentSourceView, RefusedPaymentView } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { Actor } from '../db/audit';
import type { PaymentEventListed, PaymentSourceRow, RefusalKey, RefusedPaymentListed } from '../db/payment-sources';
import type { Store } from '../db/store';
import { newWebhookSecret } from '../pcsync/signature';
import type { OperatorActor } from './operators';
import type { UnitOfWork } from './unit-of-work';

/**
 * What a payment is, for telling a retry from an id reused for another payment: the device, the
 * amount, the package and the reference (not the raw bytes: a sender may re-serialise its retry).
 */
export function paymentDigest(body: Pick<PaymentEventBody, 'mac' | 'amountMinor' | 'packageId' | 'reference'>): string {
  return createHash('sha256').update(JSON.stringify([body.mac, body.amountMinor, body.packageId ?? null, body.reference ?? null])).digest('hex');
}

/** The start of the local day (this PC's clock and time zone) that `at` falls in: what a daily cap counts from. */
export function dayStart(at: number): number {
  const d = new Date(at);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

interface Refusals {
  count: number;
  lastAt: number | null;
  lastReason: string | null;
}

export type PaymentSourceService = ReturnType<typeof createPaymentSourceService>;

export function createPaymentSourceService(d: { store: Store; uow: UnitOfWork; now: () => number }) {
  const { store } = d;
  const refusals = new Map<number, Refusals>();
  /** Sources whose refusals are to be announced (at most once a second each: a flood of bad requests is not a flood of reloads). */
  const announcing = new Set<number>();
  const announceRefusal = (sourceId: number) => {
    if (announcing.has(sourceId)) return;
    announcing.add(sourceId);
    setTimeout(() => {
      announcing.delete(sourceId);
      try {
        d.uow.run((changes) => changes.emit('paymentSources.changed', { sourceId }));
      } catch {
        // The app is stopping (the database is closed): nobody is left to tell.
      }
    }, 1000).unref();
  };

  const load = (id: number): PaymentSourceRow => {
    const s = store.paymentSources.get(id);
    if (!s) throw new AppError('not_found', `Payment source ${id} does not exist`);
    return s;
  };

  /** The packages must exist (retired ones may stay listed: events for them are refused), the router too. */
  const checkRefs = (s: Pick<PaymentSourceRow, 'packageIds' | 'defaultPackageId' | 'routerId'>) => {
    for (const id of new Set(s.packageIds)) {
      if (!store.packages.get(id)) throw new AppError('invalid_input', `Package ${id} does not exist`, { packageIds: `Package ${id} does not exist` });
    }
    if (!s.packageIds.includes(s.defaultPackageId)) {
      throw new AppError('invalid_input', 'The default package must be one it may sell', { defaultPackageId: 'Must be one of its packages' });
    }
    if (s.routerId !== null && !store.routers.get(s.routerId)) throw new AppError('invalid_input', `Router ${s.routerId} does not exist`, { routerId: 'No such router' });
  };

  const view = (s: PaymentSourceRow): PaymentSourceView => {
    const now = d.now();
    const { secret: _sealed, ...rest } = s;
    return {
      ...rest,
      today: store.paymentSources.taken(s.id, dayStart(now), now + 1),
      lastEventAt: store.paymentSources.lastEventAt(s.id),
      refused: { ...(refusals.get(s.id) ?? { count: 0, lastAt: null, lastReason: null }) },
    };
  };

  /** Only what an admin changed goes in the audit row (never the secret). */
  const audited = (s: Omit<PaymentSourceRow, 'id' | 'key' | 'secret' | 'createdAt' | 'updatedAt'> & { key?: string }) => ({
    key: s.key,
    name: s.name,
    kind: s.kind,
    enabled: s.enabled,
    packageIds: s.packageIds,
    defaultPackageId: s.defaultPackageId,
    dailyCapMinor: s.dailyCapMinor,
    routerId: s.routerId,
  });

  return {
    list: (): PaymentSourceView[] => store.paymentSources.list().map(view),

    get: (id: number): PaymentSourceView => view(load(id)),

    /** The source an event names by its key; undefined when there is none. */
    byKey: (key: string): PaymentSourceRow | undefined => store.paymentSources.byKey(key),

    /** The plain signing secret of a source; throws `unavailable` when it cannot be unsealed on this PC. */
    secretOf(s: PaymentSourceRow): string {
      try {
        return store.secrets.open(s.secret);
      } catch {
        throw new AppError('unavailable', `The signing secret of "${s.name}" cannot be read on this PC; an admin must give it a new one in Settings → Self-service`);
      }
    },

    /** Adds a source; its secret is returned here only. Conflict when the key is taken. */
    create(input: MethodParsedInput<'paymentSources.create'>, actor: Actor): { source: PaymentSourceView; secret: string } {
      const secret = newWebhookSecret();
      const now = d.now();
      const fields = { key: input.key, name: input.name, kind: input.kind, enabled: input.enabled, packageIds: [...new Set(input.packageIds)], defaultPackageId: input.defaultPackageId, dailyCapMinor: input.dailyCapMinor, routerId: input.routerId };
      return d.uow.run((changes) => {
        if (store.paymentSources.byKey(fields.key)) throw new AppError('conflict', `A payment source already has the key "${fields.key}"`, { key: 'Already used' });
        checkRefs(fields);
        const id = store.paymentSources.insert({ ...fields, createdAt: now }, secret);
        store.audit.record(actor, { action: 'payment-source.create', entity: 'payment-source', entityId: id, details: audited(fields) }, now);
        changes.emit('paymentSources.changed', { sourceId: id });
        return { source: view(load(id)), secret };
      });
    },

    /** Changes a source; disabling it refuses its events from the next one on. */
    update(input: MethodParsedInput<'paymentSources.update'>, actor: Actor): PaymentSourceView {
      return d.uow.run((changes) => {
        const before = load(input.id);
        const pick = <K extends keyof PaymentSourceRow>(k: K): PaymentSourceRow[K] => ((input as Record<string, unknown>)[k] === undefined ? before[k] : (input as unknown as PaymentSourceRow)[k]);
        const next = {
          name: pick('name'),
          kind: pick('kind'),
          enabled: pick('enabled'),
          packageIds: [...new Set(pick('packageIds'))],
          defaultPackageId: pick('defaultPackageId'),
          dailyCapMinor: pick('dailyCapMinor'),
          routerId: pick('routerId'),
        };
        checkRefs(next);
        // Its sales were paid its way ('coin' or 'e-wallet'): a coin slot does not become a gateway under them.
        if (next.kind !== before.kind && store.paymentSources.hasSold(input.id)) {
          const msg = 'It has sold already: add a new source for the other kind';
          throw new AppError('rule', `"${before.name}" has sold already; its kind stays ${before.kind === 'coin' ? 'coin slot' : 'e-wallet'}`, { kind: msg });
        }
        const now = d.now();
        store.paymentSources.update(input.id, { ...next, updatedAt: now });
        const action = next.enabled === before.enabled ? 'payment-source.update' : next.enabled ? 'payment-source.enable' : 'payment-source.disable';
        store.audit.record(actor, { action, entity: 'payment-source', entityId: input.id, details: audited(next) }, now);
        changes.emit('paymentSources.changed', { sourceId: input.id });
        return view(load(input.id));
      });
    },

    /** A new secret for a source (returned here only); the old one stops working at once. */
    rotateSecret(id: number, actor: Actor): string {
      const secret = newWebhookSecret();
      d.uow.run((changes) => {
        load(id);
        const now = d.now();
        store.paymentSources.setSecret(id, secret, now);
        store.audit.record(actor, { action: 'payment-source.rotate-secret', entity: 'payment-source', entityId: id }, now);
        changes.emit('paymentSources.changed', { sourceId: id });
      });
      return secret;
    },

    /**
     * Counts an event the endpoint refused for a known source (shown in Settings → Self-service).
     * `paid`: the event was signed by the source and readable, so its device took the money and no
     * sale was made: it is stored for the reports (committed here; the answer waits for the disk).
     */
    refused(sourceId: number, reason: string, paid?: { eventId: string; body: PaymentEventBody }): void {
      const at = d.now();
      const r = refusals.get(sourceId) ?? { count: 0, lastAt: null, lastReason: null };
      refusals.set(sourceId, { count: r.count + 1, lastAt: at, lastReason: reason });
      if (paid) {
        const { eventId, body } = paid;
        const paymentSha256 = paymentDigest(body);
        d.uow.run(() => store.paymentSources.events.refused({ sourceId, eventId, paymentSha256, at, mac: body.mac, amountMinor: body.amountMinor, packageId: body.packageId ?? null, reference: body.reference ?? null, reason }));
      }
      announceRefusal(sourceId);
    },

    events: (limit: number, sourceId?: number): PaymentEventView[] => store.paymentSources.events.recent(limit, sourceId).map(toPaymentEventView),

    /** Refused payments first received in [from, to): still to settle first (oldest first), then the settled ones. */
    refusedIn: (from: number, to: number, openOnly: boolean): RefusedPaymentView[] => store.paymentSources.events.refusedIn(from, to, openOnly).map(toRefusedPaymentView),

    /**
     * Marks a refused payment refunded: the customer got the money back (from the coin box or the
     * e-wallet; not from the drawer, which no self-service payment went into). It leaves the reports'
     * "still to settle", and a retry of it is refused for good. Audited with who and the note.
     */
    refund(key: RefusalKey, note: string | null, actor: OperatorActor): RefusedPaymentView {
      return d.uow.run((changes) => {
        const r = store.paymentSources.events.refusal(key);
        if (!r) throw new AppError('not_found', 'That refused payment does not exist (a retry of it may have been taken since)');
        if (r.settled) throw new AppError('conflict', `That payment was already ${r.settled === 'sold' ? 'sold by hand' : 'refunded'}`);
        const now = d.now();
        store.paymentSources.events.settle(key, { settled: 'refunded', at: now, by: actor.id, note, saleId: null });
        store.audit.record(actor, { action: 'payment.refunded', entity: 'payment-source', entityId: key.sourceId, details: { eventId: key.eventId, mac: r.mac, amountMinor: r.amountMinor, reason: r.reason, note } }, now);
        changes.emit('paymentSources.changed', { sourceId: key.sourceId });
        return refusedView(key);
      });
    },

    /** One refused payment as the lists show it. */
    refusedOne: (key: RefusalKey): RefusedPaymentView => refusedView(key),
  };

  function refusedView(key: RefusalKey): RefusedPaymentView {
    const r = store.paymentSources.events.refusedOne(key);
    if (!r) throw new AppError('not_found', 'That refused payment does not exist');
    return toRefusedPaymentView(r);
  }
}

function toRefusedPaymentView(r: RefusedPaymentListed): RefusedPaymentView {
  return {
    sourceId: r.sourceId,
    sourceName: r.sourceName,
    kind: r.kind,
    eventId: r.eventId,
    paymentSha256: r.paymentSha256,
    receivedAt: r.receivedAt,
    lastAt: r.lastAt,
    tries: r.tries,
    mac: r.mac,
    amountMinor: r.amountMinor,
    packageId: r.packageId,
    packageName: r.packageName,
    reference: r.reference,
    reason: r.reason,
    settled: r.settled,
    settledAt: r.settledAt,
    settledByName: r.settledByName,
    settledNote: r.settledNote,
    saleId: r.saleId,
    voucherCode: r.voucherCode,
  };
}

export function toPaymentEventView(e: PaymentEventListed): PaymentEventView {
  return {
    sourceId: e.sourceId,
    sourceName: e.sourceName,
    eventId: e.eventId,
    receivedAt: e.receivedAt,
    occurredAt: e.occurredAt,
    mac: e.mac,
    ip: e.ip,
    amountMinor: e.amountMinor,
    packageName: e.packageName,
    reference: e.reference,
    saleId: e.saleId,
    sessionId: e.sessionId,
    voucherCode: e.voucherCode,
    outcome: e.outcome,
    gate: e.gate,
    gateAt: e.gateAt,
    gateError: e.gateError,
  };
}
