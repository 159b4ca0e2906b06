/**
 * Runs contract calls for every transport (HTTP in serve mode, IPC in Electron):
 * unknown method → not_found; permission checked before the input is looked at; input
 * parsed with the method's schema (a failure names each bad field); handler errors
 * that are not AppErrors are logged and reported as `internal`, never leaked. A call that
 * committed something is answered once it is on disk (the flush runs off the event loop):
 * the cashier's "sold" and its slip follow the disk, as with an fsync in the commit.
 */
import { contract, type Permission, type MethodName, type MethodOutput, type MethodParsedInput } from '../../shared/contract';
import { AppError, invalidInput } from '../../shared/errors';
import { refusal } from '../../shared/i18n/refusal';
import type { OperatorRow } from '../db/operators';
import type { Logger } from '../log';
import { onDisk, type Durability } from '../db/on-disk';
import { operatorActor, type OperatorActor } from '../services/operators';

export interface CallContext {
  /** The signed-in operator; null only for public methods. */
  operator: OperatorRow | null;
  token: string | null;
  /** Where the call came from (HTTP: the peer's IP address); null over IPC. */
  address: string | null;
}

export interface SignedInContext extends CallContext {
  operator: OperatorRow;
  token: string;
  actor: OperatorActor;
}

type Ctx<M extends MethodName> = (typeof contract)[M]['allowed'] extends 'public' ? CallContext : SignedInContext;

export type Handler<M extends MethodName> = (input: MethodParsedInput<M>, ctx: Ctx<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

/** Merges per-domain handler maps into one; throws when a method is handled twice or not at all. */
export function mergeHandlers(...maps: Partial<Handlers>[]): Handlers {
  const merged: Partial<Record<MethodName, unknown>> = {};
  for (const map of maps) {
    for (const name of Object.keys(map) as MethodName[]) {
      if (!(name in contract)) throw new Error(`api: handler for unknown method "${name}"`);
      if (name in merged) throw new Error(`api: method "${name}" has two handlers`);
      merged[name] = map[name];
    }
  }
  const missing = (Object.keys(contract) as MethodName[]).filter((m) => !(m in merged));
  if (missing.length) throw new Error(`api: no handler for ${missing.join(', ')}`);
  return merged as Handlers;
}

export interface Dispatcher {
  /** Runs one call; rejects with an AppError only. */
  call(method: string, input: unknown, operatorToken: string | null, from?: { address: string | null }): Promise<unknown>;
}

/** Creates the dispatcher over merged handlers, the operator-token resolver and the store's durability. */
export function createDispatcher(handlers: Handlers, resolveOperator: (token: string) => OperatorRow | null, disk: Durability, log: Logger): Dispatcher {
  return {
    async call(method, input, operatorToken, from) {
      if (!Object.hasOwn(contract, method)) throw new AppError('not_found', `Unknown method "${method}"`);
      const name = method as MethodName;
      const spec = contract[name];
      const operator = operatorToken ? resolveOperator(operatorToken) : null;
      // Taken after the sign-in's own bookkeeping (its last use, noted once a minute): only what the call commits is waited for.
      const mark = disk.commitMark();
      checkPermission(spec.allowed, operator, name);
      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) throw invalidInput(parsed.error);
      const address = from?.address ?? null;
      const ctx = operator
        ? { operator, token: operatorToken, actor: operatorActor(operator), address }
        : { operator: null, token: null, address };
      let result: unknown;
      try {
        result = await (handlers[name] as (i: unknown, c: CallContext) => unknown)(parsed.data, ctx);
      } catch (err) {
        if (err instanceof AppError) throw err;
        log.error(`${name} failed`, { err });
        throw internalError(err);
      }
      // A read waits for nothing; a write (or a read while something else committed) for the flush that covers it.
      // A call with a request id may be answered from an earlier commit (the till's retry of a sale whose answer
      // it missed, or whose flush is still under way, or failed): it waits until everything so far is on disk.
      const replayable = typeof (parsed.data as { requestId?: unknown }).requestId === 'string';
      await onDisk(() => (replayable ? disk.durable() : disk.durableSince(mark)), name, log);
      return result;
    },
  };
}

/** public: anyone with the transport; viewer: any signed-in operator; operator: not an owner (they only read); admin: admins. */
function checkPermission(allowed: Permission, operator: OperatorRow | null, method: string): void {
  if (allowed === 'public') return;
  if (!operator) throw refusal('unauthorized', { id: 'errors.auth.signIn' });
  if (allowed === 'operator' && operator.role === 'owner') {
    throw refusal('forbidden', { id: 'errors.auth.ownerReads', values: { method } });
  }
  if (allowed === 'admin' && operator.role !== 'admin') {
    throw refusal('forbidden', { id: 'errors.auth.adminOnly', values: { method } });
  }
}

/** What the caller is told of a failure the handler did not expect (the log has the rest). */
export function internalError(err: unknown): AppError {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return refusal('internal', { id: 'errors.internal.database', values: { code } });
  return refusal('internal', { id: 'errors.internal.failed' });
}
