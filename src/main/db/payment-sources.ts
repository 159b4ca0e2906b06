/** SQL for self-service: the payment sources (coin slots, e-wallet gateways) and the payment events they sent. */
import type { GatePath, PaymentSourceKind } from '../../shared/domain';
import type { SecretBox } from '../security/secret-box';
import type { Db } from './sqlite';

export interface PaymentSourceRow {
  id: number;
  key: string;
  name: string;
  kind: PaymentSourceKind;
  /** As stored: sealed (open it with the store's secret box). */
  secret: string;
  enabled: boolean;
  packageIds: number[];
  defaultPackageId: number;
  dailyCapMinor: number | null;
  routerId: number | null;
  createdAt: number;
  updatedAt: number;
}

export type NewPaymentSource = Omit<PaymentSourceRow, 'id' | 'updatedAt'>;
export type PaymentSourceChange = Pick<PaymentSourceRow, 'name' | 'kind' | 'enabled' | 'packageIds' | 'defaultPackageId' | 'dailyCapMinor' | 'routerId' | 'updatedAt'>;

export interface PaymentEventRow {
  sourceId: number;
  eventId: string;
  /** SHA-256 of what was paid (MAC, amount, package, reference): the same id for another payment is refused. */
  paymentSha256: string;
  receivedAt: number;
  occurredAt: number;
  mac: string;
  ip: string | null;
  amountMinor: number;
  packageId: number;
  reference: string | null;
  saleId: number;
  sessionId: number;
  outcome: 'new' | 'topup';
  gate: GatePath | null;
  gateAt: number | null;
  gateError: string | null;
}

/** A payment a source signed that the app refused: money in the device without a sale. */
export interface RefusedPayment {
  sourceId: number;
  eventId: string;
  /** What was paid (services: paymentDigest): another payment under the same id is another row. */
  paymentSha256: string;
  at: number;
  mac: string;
  amountMinor: number;
  /** The package the event named; null: none (its source's default). */
  packageId: number | null;
  reference: string | null;
  reason: string;
}

/** How a refused payment was settled at the counter. */
export type RefusalSettlement = 'refunded' | 'sold';

/** The key of a refused payment: its source, event id and what was paid. */
export interface RefusalKey {
  sourceId: number;
  eventId: string;
  paymentSha256: string;
}

/** A refused payment as stored, with how it was settled (null: still to settle). */
export interface RefusedPaymentRow extends RefusalKey {
  receivedAt: number;
  lastAt: number;
  tries: number;
  mac: string;
  amountMinor: number;
  packageId: number | null;
  reference: string | null;
  reason: string;
  settled: RefusalSettlement | null;
  settledAt: number | null;
  settledBy: number | null;
  settledNote: string | null;
  saleId: number | null;
}

/** A refused payment with what the list shows of it. */
export type RefusedPaymentListed = RefusedPaymentRow & {
  sourceName: string;
  kind: PaymentSourceKind;
  packageName: string | null;
  settledByName: string | null;
  voucherCode: string | null;
};

/** An event with what the lists show of it. */
export type PaymentEventListed = PaymentEventRow & { sourceName: string; packageName: string; voucherCode: string };

interface SourceColumns extends Omit<PaymentSourceRow, 'enabled' | 'packageIds'> {
  enabled: 0 | 1;
  packageIds: string;
}

const SOURCE_COLS = `id, key, name, kind, secret, enabled, package_ids AS packageIds, default_package_id AS defaultPackageId,
  daily_cap_minor AS dailyCapMinor, router_id AS routerId, created_at AS createdAt, updated_at AS updatedAt`;
const EVENT_COLS = `e.source_id AS sourceId, e.event_id AS eventId, e.payment_sha256 AS paymentSha256, e.received_at AS receivedAt,
  e.occurred_at AS occurredAt, e.mac, e.ip, e.amount_minor AS amountMinor, e.package_id AS packageId, e.reference,
  e.sale_id AS saleId, e.session_id AS sessionId, e.outcome, e.gate, e.gate_at AS gateAt, e.gate_error AS gateError`;

const toRow = (c: SourceColumns): PaymentSourceRow => ({ ...c, enabled: c.enabled === 1, packageIds: JSON.parse(c.packageIds) as number[] });

/** Prepared statements for payment sources and payment events; secrets are sealed on the way in. */
export function paymentSourceQueries(db: Db, box: SecretBox) {
  const all = db.prepare<[], SourceColumns>(`SELECT ${SOURCE_COLS} FROM payment_sources ORDER BY name COLLATE NOCASE, id`);
  const byId = db.prepare<[number], SourceColumns>(`SELECT ${SOURCE_COLS} FROM payment_sources WHERE id = ?`);
  const byKey = db.prepare<[string], SourceColumns>(`SELECT ${SOURCE_COLS} FROM payment_sources WHERE key = ?`);
  const insert = db.prepare(
    `INSERT INTO payment_sources (key, name, kind, secret, enabled, package_ids, default_package_id, daily_cap_minor, router_id, created_at, updated_at)
     VALUES (@key, @name, @kind, @secret, @enabled, @packageIds, @defaultPackageId, @dailyCapMinor, @routerId, @createdAt, @createdAt)`,
  );
  const update = db.prepare(
    `UPDATE payment_sources SET name = @name, kind = @kind, enabled = @enabled, package_ids = @packageIds, default_package_id = @defaultPackageId,
       daily_cap_minor = @dailyCapMinor, router_id = @routerId, updated_at = @updatedAt WHERE id = @id`,
  );
  const setSecret = db.prepare<{ id: number; secret: string; at: number }>('UPDATE payment_sources SET secret = @secret, updated_at = @at WHERE id = @id');
  // What a source took in [from, to): its sales and top-ups, minus their voids (a void carries the source too).
  const taken = db.prepare<{ id: number; from: number; to: number }, { count: number; totalMinor: number }>(
    `SELECT sum(CASE WHEN kind = 'void' THEN 0 ELSE 1 END) AS count, coalesce(sum(price_minor), 0) AS totalMinor
     FROM sales WHERE source_id = @id AND created_at >= @from AND created_at < @to`,
  );
  const hasSold = db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM (SELECT 1 FROM sales WHERE source_id = ? LIMIT 1)');
  const lastEvent = db.prepare<[number], { at: number | null }>('SELECT max(received_at) AS at FROM payment_events WHERE source_id = ?');

  const eventById = db.prepare<[number, string], PaymentEventRow>(`SELECT ${EVENT_COLS} FROM payment_events e WHERE e.source_id = ? AND e.event_id = ?`);
  const insertEvent = db.prepare<PaymentEventRow>(
    `INSERT INTO payment_events (source_id, event_id, payment_sha256, received_at, occurred_at, mac, ip, amount_minor, package_id, reference,
       sale_id, session_id, outcome, gate, gate_at, gate_error)
     VALUES (@sourceId, @eventId, @paymentSha256, @receivedAt, @occurredAt, @mac, @ip, @amountMinor, @packageId, @reference,
       @saleId, @sessionId, @outcome, @gate, @gateAt, @gateError)`,
  );
  const setGate = db.prepare<{ sourceId: number; eventId: string; gate: GatePath; at: number | null; error: string | null }>(
    'UPDATE payment_events SET gate = @gate, gate_at = @at, gate_error = @error WHERE source_id = @sourceId AND event_id = @eventId',
  );
  // Through the login page, the gate opened when the device came online (its first login after the event).
  const LISTED = `SELECT ${EVENT_COLS.replace('e.gate_at AS gateAt', `CASE WHEN e.gate = 'login-page' AND e.gate_at IS NULL AND s.first_login_at >= e.received_at
      THEN s.first_login_at ELSE e.gate_at END AS gateAt`)}, ps.name AS sourceName, x.package_name AS packageName, s.voucher_code AS voucherCode
    FROM payment_events e JOIN payment_sources ps ON ps.id = e.source_id JOIN sales x ON x.id = e.sale_id JOIN sessions s ON s.id = e.session_id`;
  const recent = db.prepare<[number], PaymentEventListed>(`${LISTED} ORDER BY e.received_at DESC, e.rowid DESC LIMIT ?`);
  const recentOf = db.prepare<[number, number], PaymentEventListed>(`${LISTED} WHERE e.source_id = ? ORDER BY e.received_at DESC, e.rowid DESC LIMIT ?`);
  // Gates the app was about to open over a router's API when it stopped (the commit done, the login not yet tried).
  const gatesPending = db.prepare<[number], PaymentEventRow>(
    `SELECT ${EVENT_COLS} FROM payment_events e WHERE e.gate = 'router-api' AND e.gate_at IS NULL AND e.gate_error IS NULL AND e.received_at >= ?`,
  );
  // A signed event refused (its device took the money, no sale was made); a retry refused again is the same row.
  // A settled one keeps the reason it was settled on (a retry of a refunded payment is refused as refunded).
  const refuse = db.prepare<RefusedPayment>(
    `INSERT INTO refused_payments (source_id, event_id, payment_sha256, received_at, last_at, mac, amount_minor, package_id, reference, reason)
     VALUES (@sourceId, @eventId, @paymentSha256, @at, @at, @mac, @amountMinor, @packageId, @reference, @reason)
     ON CONFLICT (source_id, event_id, payment_sha256) DO UPDATE SET last_at = excluded.last_at, tries = tries + 1,
       package_id = coalesce(package_id, excluded.package_id),
       reason = CASE WHEN settled IS NULL THEN excluded.reason ELSE reason END`,
  );
  const unrefuse = db.prepare<RefusalKey>('DELETE FROM refused_payments WHERE source_id = @sourceId AND event_id = @eventId AND payment_sha256 = @paymentSha256 AND settled IS NULL');
  const REFUSED_COLS = `r.source_id AS sourceId, r.event_id AS eventId, r.payment_sha256 AS paymentSha256, r.received_at AS receivedAt,
    r.last_at AS lastAt, r.tries, r.mac, r.amount_minor AS amountMinor, r.package_id AS packageId, r.reference, r.reason,
    r.settled, r.settled_at AS settledAt, r.settled_by AS settledBy, r.settled_note AS settledNote, r.sale_id AS saleId`;
  // With what the list shows: the source, the package the event named, who settled it, the voucher sold by hand.
  const REFUSED_LISTED = `SELECT ${REFUSED_COLS}, ps.name AS sourceName, ps.kind, p.name AS packageName, o.name AS settledByName, s.voucher_code AS voucherCode
    FROM refused_payments r JOIN payment_sources ps ON ps.id = r.source_id LEFT JOIN packages p ON p.id = r.package_id
      LEFT JOIN operators o ON o.id = r.settled_by LEFT JOIN sales x ON x.id = r.sale_id LEFT JOIN sessions s ON s.id = x.session_id`;
  const refusal = db.prepare<RefusalKey, RefusedPaymentRow>(
    `SELECT ${REFUSED_COLS} FROM refused_payments r WHERE r.source_id = @sourceId AND r.event_id = @eventId AND r.payment_sha256 = @paymentSha256`,
  );
  // Still to settle first (oldest first: the customer who waited longest), then the settled ones, newest first.
  const refusedIn = db.prepare<{ from: number; to: number; open: 0 | 1 }, RefusedPaymentListed>(
    `${REFUSED_LISTED} WHERE r.received_at >= @from AND r.received_at < @to AND (@open = 0 OR r.settled IS NULL)
     ORDER BY r.settled IS NOT NULL, CASE WHEN r.settled IS NULL THEN r.received_at ELSE -r.settled_at END, r.rowid
     LIMIT 500`,
  );
  const refusedOne = db.prepare<RefusalKey, RefusedPaymentListed>(
    `${REFUSED_LISTED} WHERE r.source_id = @sourceId AND r.event_id = @eventId AND r.payment_sha256 = @paymentSha256`,
  );
  const openRefusals = db.prepare<[], { count: number; totalMinor: number }>(
    'SELECT count(*) AS count, coalesce(sum(amount_minor), 0) AS totalMinor FROM refused_payments WHERE settled IS NULL',
  );
  const settle = db.prepare<RefusalKey & { settled: RefusalSettlement; at: number; by: number; note: string | null; saleId: number | null }>(
    `UPDATE refused_payments SET settled = @settled, settled_at = @at, settled_by = @by, settled_note = @note, sale_id = @saleId
     WHERE source_id = @sourceId AND event_id = @eventId AND payment_sha256 = @paymentSha256 AND settled IS NULL`,
  );
  const rawSecrets = db.prepare<[], { id: number; secret: string }>('SELECT id, secret FROM payment_sources');
  const rewriteSecret = db.prepare<[string, number]>('UPDATE payment_sources SET secret = ? WHERE id = ?');
  const ofSession = db.prepare<[number], PaymentEventListed>(`${LISTED} WHERE e.session_id = ? ORDER BY e.received_at`);

  const columns = (s: Omit<PaymentSourceRow, 'id' | 'key' | 'secret' | 'createdAt' | 'updatedAt'>) => ({
    ...s,
    enabled: s.enabled ? 1 : 0,
    packageIds: JSON.stringify(s.packageIds),
  });

  return {
    list: () => all.all().map(toRow),
    get: (id: number) => {
      const c = byId.get(id);
      return c ? toRow(c) : undefined;
    },
    byKey: (key: string) => {
      const c = byKey.get(key);
      return c ? toRow(c) : undefined;
    },
    /** Adds a source with its secret in plain text (sealed here); returns its id. */
    insert: (s: Omit<NewPaymentSource, 'secret'>, secret: string) =>
      Number(insert.run({ ...columns(s), key: s.key, secret: box.seal(secret), createdAt: s.createdAt }).lastInsertRowid),
    update: (id: number, c: PaymentSourceChange) => update.run({ ...columns(c), id, updatedAt: c.updatedAt }),
    /** Stores a new plain-text secret (sealed here). */
    setSecret: (id: number, secret: string, at: number) => setSecret.run({ id, secret: box.seal(secret), at }),
    taken: (id: number, from: number, to: number) => {
      const t = taken.get({ id, from, to })!;
      return { count: t.count ?? 0, totalMinor: t.totalMinor };
    },
    lastEventAt: (id: number) => lastEvent.get(id)!.at,
    /** Whether any sale names this source. */
    hasSold: (id: number) => hasSold.get(id)!.n > 0,
    /** Seals secrets stored in plain text (a source made in serve mode, opened by the desktop app); returns how many. */
    resealAll(): number {
      let changed = 0;
      for (const r of rawSecrets.all()) {
        if (box.isSealed(r.secret)) continue;
        rewriteSecret.run(box.seal(r.secret), r.id);
        changed++;
      }
      return changed;
    },
    events: {
      get: (sourceId: number, eventId: string) => eventById.get(sourceId, eventId),
      /** Stores a taken event. */
      insert: (e: PaymentEventRow) => insertEvent.run(e),
      /** Records a signed event that was refused (the money is in the device; no sale): the reports show it. */
      refused: (r: RefusedPayment) => refuse.run(r),
      /** A refused payment, settled or not; undefined when it was never refused (or a retry was taken). */
      refusal: (k: RefusalKey) => refusal.get(k),
      /** Forgets a refusal still to settle: a retry of that payment was taken (once the cause was fixed), so it is no longer money without a sale. */
      dropRefusal: (k: RefusalKey) => unrefuse.run(k),
      /** Refused payments still to settle, whenever they came (the partial index holds only those). */
      openRefusals: () => openRefusals.get()!,
      /** One refused payment as the lists show it. */
      refusedOne: (k: RefusalKey) => refusedOne.get(k),
      /** Refused payments first received in [from, to): still to settle first, then the settled ones (at most 500). */
      refusedIn: (from: number, to: number, openOnly: boolean) => refusedIn.all({ from, to, open: openOnly ? 1 : 0 }),
      /** Marks a refusal still to settle as settled; false when it was settled already (or never refused). */
      settle: (k: RefusalKey, how: { settled: RefusalSettlement; at: number; by: number; note: string | null; saleId: number | null }) =>
        settle.run({ sourceId: k.sourceId, eventId: k.eventId, paymentSha256: k.paymentSha256, ...how }).changes === 1,
      setGate: (sourceId: number, eventId: string, gate: GatePath, at: number | null, error: string | null) => setGate.run({ sourceId, eventId, gate, at, error }),
      recent: (limit: number, sourceId?: number) => (sourceId === undefined ? recent.all(limit) : recentOf.all(sourceId, limit)),
      ofSession: (sessionId: number) => ofSession.all(sessionId),
      gatesPending: (since: number) => gatesPending.all(since),
    },
  };
}
