/**
 * Operators and their sign-in. A PIN sign-in yields an opaque operator token, stored
 * by its SHA-256 only, so a till stays signed in across a restart or a power cut; a
 * token idle for 12 hours, or of an operator deactivated or given a new PIN, is gone.
 * Five wrong PINs in a row lock that operator for 30 seconds, so a 4-digit PIN cannot
 * be guessed at the counter.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { OperatorView, Role } from '../../shared/domain';
import type { Language } from '../../shared/i18n/languages';
import { AppError } from '../../shared/errors';
import { refusal } from '../../shared/i18n/refusal';
import type { Actor } from '../db/audit';
import type { OperatorRow } from '../db/operators';
import type { Store } from '../db/store';
import { hashPin, verifyPin } from '../security/pin';
import { announceShift, type ShiftService } from './shifts';
import type { Changes, UnitOfWork } from './unit-of-work';
import { toOperatorView } from './views';

const TOKEN_IDLE_MS = 12 * 3600_000;
/** A token's last use is written at most this often (reads are from memory). */
const TOUCH_EVERY_MS = 60_000;
const MAX_FAILURES = 5;
const LOCK_MS = 30_000;
/** Each further round of wrong PINs doubles the lock, up to this (a PIN tried from a paired phone on the LAN cannot be walked through). */
const MAX_LOCK_MS = 30 * 60_000;

export type OperatorActor = Actor & { kind: 'operator'; id: number };

/** The audit actor for an operator. */
export function operatorActor(o: Pick<OperatorRow, 'id' | 'name'>): OperatorActor {
  return { kind: 'operator', id: o.id, name: o.name };
}

interface TokenEntry {
  operatorId: number;
  lastUsed: number;
  /** When lastUsed was last written to the database. */
  stored: number;
}

/** The one answer to a wrong operator or PIN: which of the two is not said; the one that locks the operator also says for how long (details.retryAfterS). */
const wrongPin = (lockedForS?: number) =>
  refusal('unauthorized', { id: 'errors.signIn.wrong' }, { pin: { id: 'errors.signIn.wrongPin' } }, lockedForS === undefined ? undefined : { retryAfterS: lockedForS });

const sha256 = (token: string) => createHash('sha256').update(token).digest();

export type OperatorService = ReturnType<typeof createOperatorService>;

/** Creates the operator service (sign-in, tokens, administration); signing in opens the operator's shift. */
export function createOperatorService(store: Store, uow: UnitOfWork, now: () => number, shifts: Pick<ShiftService, 'ensureOpen'>) {
  /** Sign-ins by the token's SHA-256 (base64), read through from the database. */
  const tokens = new Map<string, TokenEntry>();
  uow.run(() => store.operators.signins.deleteIdle(now() - TOKEN_IDLE_MS));
  const failures = new Map<number, { count: number; lockedUntil: number; rounds: number }>();

  /** Opens the operator's shift unless one is open, and tells open screens when it did. */
  const openShift = (changes: Changes, o: OperatorRow, at: number) => {
    const shift = shifts.ensureOpen(operatorActor(o), at);
    if (shift.opened) announceShift(changes, { id: shift.shiftId, operatorId: o.id, closedAt: null });
  };

  const issue = (o: OperatorRow) => {
    const token = randomBytes(32).toString('base64url');
    const sha = sha256(token);
    const t = now();
    uow.run(() => store.operators.signins.insert(sha, o.id, t));
    tokens.set(sha.toString('base64'), { operatorId: o.id, lastUsed: t, stored: t });
    return { token, operator: toOperatorView(o) };
  };

  const forgetCached = (operatorId: number) => {
    for (const [t, e] of tokens) if (e.operatorId === operatorId) tokens.delete(t);
  };

  const forget = (sha: Buffer) => {
    tokens.delete(sha.toString('base64'));
    uow.run(() => store.operators.signins.delete(sha));
  };

  const uniqueName = (name: string, exceptId?: number) => {
    const other = store.operators.byName(name);
    if (other && other.id !== exceptId) throw new AppError('conflict', `An operator named "${other.name}" already exists`, { name: 'Name taken' });
  };

  return {
    /** The signed-in operator for a token, or null when the token is unknown, idle too long, or its operator deactivated. */
    resolve(token: string): OperatorRow | null {
      const sha = sha256(token);
      const key = sha.toString('base64');
      let e = tokens.get(key);
      if (!e) {
        const row = store.operators.signins.get(sha);
        if (!row) return null;
        e = { operatorId: row.operatorId, lastUsed: row.lastUsedAt, stored: row.lastUsedAt };
        tokens.set(key, e);
      }
      const t = now();
      if (t - e.lastUsed > TOKEN_IDLE_MS) {
        forget(sha);
        return null;
      }
      const o = store.operators.get(e.operatorId);
      if (!o || !o.active) {
        forget(sha);
        return null;
      }
      e.lastUsed = t;
      if (t - e.stored >= TOUCH_EVERY_MS) {
        e.stored = t;
        // Noting the last use must not refuse the call: a failed write is tried again a minute later.
        try {
          uow.run(() => store.operators.signins.touch(sha, t));
        } catch {
          e.stored = t - TOUCH_EVERY_MS;
        }
      }
      return o;
    },

    async signIn(operatorId: number, pin: string) {
      const o = store.operators.get(operatorId);
      const refuseWhileLocked = () => {
        const f = failures.get(operatorId);
        const t = now();
        if (f && f.lockedUntil > t) {
          // The seconds also as a detail, so a till counts them down and a script knows when to try again (HTTP: Retry-After).
          const seconds = Math.ceil((f.lockedUntil - t) / 1000);
          throw refusal('too_many_requests', { id: 'errors.signIn.locked', values: { seconds } }, {}, { retryAfterS: seconds });
        }
      };
      refuseWhileLocked();
      if (!o || !o.active) throw wrongPin();
      // Guesses sent all at once all got past the check above, and wait their turn to be hashed (security/pin.ts):
      // each is checked again when its turn comes (refused unhashed once the operator is locked) and decided
      // against the count as it is once hashed, so the five-wrong lock holds for them too.
      const right = await verifyPin(pin, o.pinHash, refuseWhileLocked);
      refuseWhileLocked();
      if (!right) {
        const f = failures.get(operatorId);
        const t = now();
        const count = (f?.count ?? 0) + 1;
        const locks = count >= MAX_FAILURES;
        const rounds = (f?.rounds ?? 0) + (locks ? 1 : 0);
        const lockMs = locks ? Math.min(LOCK_MS * 2 ** (rounds - 1), MAX_LOCK_MS) : 0;
        failures.set(operatorId, { count: locks ? 0 : count, lockedUntil: locks ? t + lockMs : 0, rounds });
        throw wrongPin(locks ? Math.ceil(lockMs / 1000) : undefined);
      }
      failures.delete(operatorId);
      const t = now();
      // Signing in opens the operator's shift unless one is still open (from before a restart, say);
      // an owner only reads and has no drawer.
      uow.run((changes) => {
        store.audit.record(operatorActor(o), { action: 'operator.sign-in', entity: 'operator', entityId: o.id }, t);
        if (o.role !== 'owner') openShift(changes, o, t);
      });
      return issue(o);
    },

    signOut(token: string, o: OperatorRow) {
      forget(sha256(token));
      uow.run(() => store.audit.record(operatorActor(o), { action: 'operator.sign-out', entity: 'operator', entityId: o.id }, now()));
    },

    needsAdmin: () => store.operators.count() === 0,

    /** Creates the first admin (and opens their shift unless told not to); refused once any operator exists. */
    async createFirstAdmin(name: string, pin: string, opts: { openShift?: boolean } = {}) {
      const pinHash = await hashPin(pin);
      const o = uow.run((changes) => {
        if (store.operators.count() > 0) throw new AppError('conflict', 'Setup is already done: sign in as an admin to add operators');
        const id = store.operators.insert(name, 'admin', pinHash, now());
        const row = store.operators.get(id)!;
        store.audit.record({ kind: 'system', id: null, name: 'setup' }, { action: 'operator.create', entity: 'operator', entityId: id, details: { role: 'admin', first: true } }, now());
        changes.emit('operators.changed', {});
        // Signed in at the counter (first-run setup): their shift opens; created by `serve --admin-pin`: not yet.
        if (opts.openShift !== false) openShift(changes, row, now());
        return row;
      });
      return issue(o);
    },

    /** Sets an operator's own UI language (null: the café's). */
    setLanguage(o: OperatorRow, language: Language | null): OperatorView {
      return uow.run((changes) => {
        store.operators.setLanguage(o.id, language, now());
        changes.emit('operators.changed', {});
        return toOperatorView(store.operators.get(o.id)!);
      });
    },

    roster: () => store.operators.list().filter((o) => o.active).map((o) => ({ id: o.id, name: o.name, role: o.role })),
    list: () => store.operators.list().map(toOperatorView),

    async create(name: string, role: Role, pin: string, actor: Actor): Promise<OperatorView> {
      const pinHash = await hashPin(pin);
      return uow.run((changes) => {
        uniqueName(name);
        const id = store.operators.insert(name, role, pinHash, now());
        store.audit.record(actor, { action: 'operator.create', entity: 'operator', entityId: id, details: { name, role } }, now());
        changes.emit('operators.changed', {});
        return toOperatorView(store.operators.get(id)!);
      });
    },

    async update(
      change: { id: number; name?: string | undefined; role?: Role | undefined; pin?: string | undefined; active?: boolean | undefined },
      actor: Actor,
    ): Promise<OperatorView> {
      const pinHash = change.pin === undefined ? undefined : await hashPin(change.pin);
      const row = uow.run((changes) => {
        const o = store.operators.get(change.id);
        if (!o) throw new AppError('not_found', `Operator ${change.id} does not exist`);
        const next = {
          id: o.id,
          name: change.name ?? o.name,
          role: change.role ?? o.role,
          pinHash: pinHash ?? o.pinHash,
          active: change.active === undefined ? o.active : change.active ? (1 as const) : (0 as const),
        };
        if (next.name !== o.name) uniqueName(next.name, o.id);
        const wasActiveAdmin = o.role === 'admin' && o.active === 1;
        const staysActiveAdmin = next.role === 'admin' && next.active === 1;
        if (wasActiveAdmin && !staysActiveAdmin && store.operators.activeAdminCount() <= 1) {
          throw new AppError('rule', 'The last active admin cannot be removed or demoted; make another admin first');
        }
        store.operators.update(next, now());
        const changed = Object.keys(change).filter((k) => k !== 'id' && k !== 'pin');
        store.audit.record(
          actor,
          { action: 'operator.update', entity: 'operator', entityId: o.id, details: { changed: change.pin ? [...changed, 'pin'] : changed } },
          now(),
        );
        const row = store.operators.get(o.id)!;
        // Signed out everywhere before anyone hears of the change.
        if (!row.active || change.pin !== undefined) {
          // The stored sign-ins go in this same transaction: a new PIN never leaves an old token working.
          store.operators.signins.deleteFor(row.id);
          changes.after(() => forgetCached(row.id));
        }
        changes.emit('operators.changed', {});
        return row;
      });
      return toOperatorView(row);
    },
  };
}
