/**
 * Shifts: an operator's stretch at the till, from sign-in (or their first sale) to the
 * close with the cash counted in the drawer. Every ledger row names the shift it was
 * taken in, so a shift's takings are a sum over immutable rows: a closed shift's totals
 * never change, and "my shift" is exactly this operator's rows, nobody else's.
 */
import type { PaymentMethod, Role, ShiftTotals, ShiftView } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import { refusal } from '../../shared/i18n/refusal';
import type { ShiftLedgerGroup, ShiftListQuery, ShiftRow } from '../db/shifts';
import type { Store } from '../db/store';
import type { OperatorActor } from './operators';
import type { Changes, UnitOfWork } from './unit-of-work';

export interface ShiftServiceDeps {
  store: Store;
  uow: UnitOfWork;
  now: () => number;
}

/** Who is asking: the signed-in operator and their role (an admin may act on anyone's shift). */
export type ShiftCaller = OperatorActor & { role: Role };

export type ShiftService = ReturnType<typeof createShiftService>;

const zero = () => ({ count: 0, totalMinor: 0 });

/** Sums one shift's ledger groups the way reports.summary does: voids are negative rows; per payment method the net. */
export function shiftTotals(groups: readonly ShiftLedgerGroup[]): ShiftTotals {
  const kinds = { sale: zero(), topup: zero(), void: zero() };
  const methods = new Map<PaymentMethod, { count: number; totalMinor: number }>();
  const wallets = new Map<string, { count: number; totalMinor: number }>();
  // Per method (and e-wallet) a void takes its money back but is not a sale of its own.
  const add = <K>(into: Map<K, { count: number; totalMinor: number }>, key: K, g: ShiftLedgerGroup) => {
    const m = into.get(key) ?? zero();
    if (g.kind !== 'void') m.count += g.count;
    m.totalMinor += g.totalMinor;
    into.set(key, m);
  };
  let cash = 0;
  for (const g of groups) {
    kinds[g.kind].count += g.count;
    kinds[g.kind].totalMinor += g.totalMinor;
    add(methods, g.paymentMethod, g);
    if (g.wallet !== null) add(wallets, g.wallet, g);
    if (g.paymentMethod === 'cash') cash += g.totalMinor;
  }
  return {
    sales: kinds.sale,
    topups: kinds.topup,
    voids: kinds.void,
    netMinor: kinds.sale.totalMinor + kinds.topup.totalMinor + kinds.void.totalMinor,
    byPaymentMethod: [...methods]
      .map(([paymentMethod, t]) => ({ paymentMethod, ...t }))
      .sort((a, b) => b.totalMinor - a.totalMinor || a.paymentMethod.localeCompare(b.paymentMethod)),
    byWallet: [...wallets].map(([wallet, t]) => ({ wallet, ...t })).sort((a, b) => b.totalMinor - a.totalMinor || a.wallet.localeCompare(b.wallet)),
    cashExpectedMinor: cash,
  };
}

/** Creates the shift service over the store. */
export function createShiftService(d: ShiftServiceDeps) {
  const { store } = d;

  const views = (rows: readonly ShiftRow[]): ShiftView[] => {
    const groups = new Map<number, ShiftLedgerGroup[]>();
    for (const g of store.shifts.ledger(rows.map((r) => r.id))) {
      const list = groups.get(g.shiftId);
      if (list) list.push(g);
      else groups.set(g.shiftId, [g]);
    }
    return rows.map((r) => toShiftView(r, shiftTotals(groups.get(r.id) ?? [])));
  };

  const view = (id: number): ShiftView => {
    const row = store.shifts.get(id);
    if (!row) throw new AppError('not_found', `Shift ${id} does not exist`);
    return views([row])[0]!;
  };

  /** The operator's open shift id; opens one (audited) when none is open. Call inside the caller's unit of work. */
  const ensureOpen = (actor: OperatorActor, now: number): { shiftId: number; opened: boolean } => {
    const open = store.shifts.openFor(actor.id);
    if (open) return { shiftId: open.id, opened: false };
    const shiftId = store.shifts.insert(actor.id, now);
    store.audit.record(actor, { action: 'shift.open', entity: 'shift', entityId: shiftId, toState: 'OPEN' }, now);
    return { shiftId, opened: true };
  };

  return {
    ensureOpen,
    view,

    /** Opens the operator's shift, or returns the open one. */
    open(actor: OperatorActor): ShiftView {
      return d.uow.run((changes) => {
        const { shiftId, opened } = ensureOpen(actor, d.now());
        const v = view(shiftId);
        if (opened) announceShift(changes, v);
        return v;
      });
    },

    /** The operator's open shift with its takings so far, or null. */
    current(operatorId: number): ShiftView | null {
      const row = store.shifts.openFor(operatorId);
      return row ? views([row])[0]! : null;
    },

    /**
     * Closes a shift with the cash counted in the drawer: the caller's open one, or the one
     * named (its own operator or an admin). Fails not_found, forbidden, or conflict when already closed.
     */
    close(input: { shiftId?: number | undefined; cashCountedMinor: number; note?: string | undefined }, caller: ShiftCaller): ShiftView {
      const now = d.now();
      return d.uow.run((changes) => {
        const shift = input.shiftId === undefined ? store.shifts.openFor(caller.id) : store.shifts.get(input.shiftId);
        if (!shift) {
          throw refusal('not_found', input.shiftId === undefined ? { id: 'errors.shift.noneOpen' } : { id: 'errors.shift.notFound', values: { id: input.shiftId } });
        }
        if (shift.operatorId !== caller.id && caller.role !== 'admin') {
          throw refusal('forbidden', { id: 'errors.shift.notYours', values: { name: shift.operatorName } });
        }
        if (shift.closedAt !== null) {
          const name = shift.operatorName;
          throw refusal('conflict', shift.closedByName === null ? { id: 'errors.shift.closedUnknown', values: { name } } : { id: 'errors.shift.closed', values: { name, by: shift.closedByName } });
        }
        const expected = shiftTotals(store.shifts.ledger([shift.id])).cashExpectedMinor;
        const note = input.note ? input.note : null;
        store.shifts.close({ id: shift.id, closedAt: now, closedBy: caller.id, cashExpectedMinor: expected, cashCountedMinor: input.cashCountedMinor, note });
        store.audit.record(
          caller,
          {
            action: 'shift.close',
            entity: 'shift',
            entityId: shift.id,
            fromState: 'OPEN',
            toState: 'CLOSED',
            reason: note,
            details: { operatorId: shift.operatorId, expectedMinor: expected, countedMinor: input.cashCountedMinor, differenceMinor: input.cashCountedMinor - expected },
          },
          now,
        );
        const v = view(shift.id);
        announceShift(changes, v);
        return v;
      });
    },

    /** Shifts newest first with their totals: a cashier only their own (another's → forbidden), an admin anyone's. */
    list(q: ShiftListQuery, caller: ShiftCaller): ShiftView[] {
      if (caller.role !== 'admin' && q.operatorId !== undefined && q.operatorId !== caller.id) {
        throw new AppError('forbidden', 'Only an admin may see other operators’ shifts', { operatorId: 'Only your own shifts' });
      }
      const operatorId = caller.role === 'admin' ? q.operatorId : caller.id;
      return views(store.shifts.list({ ...q, operatorId }));
    },
  };
}

/** Tells open screens, after the commit, that a shift opened or closed. */
export function announceShift(changes: Changes, s: Pick<ShiftView, 'id' | 'operatorId' | 'closedAt'>): void {
  changes.emit('shifts.changed', { shiftId: s.id, operatorId: s.operatorId, closedAt: s.closedAt });
}

function toShiftView(r: ShiftRow, totals: ShiftTotals): ShiftView {
  const { cashExpectedMinor: expected, cashCountedMinor: counted } = r;
  const closed = r.closedAt !== null && expected !== null && counted !== null;
  return {
    id: r.id,
    operatorId: r.operatorId,
    operatorName: r.operatorName,
    openedAt: r.openedAt,
    closedAt: r.closedAt,
    closedById: r.closedById,
    closedByName: r.closedByName,
    // At close the expected cash was stored; the ledger rows behind it cannot change, so the two agree.
    totals: closed ? { ...totals, cashExpectedMinor: expected } : totals,
    cashCountedMinor: counted,
    differenceMinor: closed ? counted - expected : null,
    note: r.note,
  };
}
