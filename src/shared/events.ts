/**
 * Change events the core pushes to every connected screen. Session updates are
 * batched (one event carries every session that changed since the last one), so a
 * busy café produces a few events per second, not one per accounting packet.
 */
import type { SaleView, SessionView, Status } from './domain';

export interface CoreEvents {
  /** Sessions whose state, usage or devices changed; a final state means "leave the live list". */
  'sessions.updated': { sessions: SessionView[] };
  'sale.recorded': { sale: SaleView };
  /** A card batch was generated or voided, or one of its cards was sold by its first login (ledger, shift and batch screens reload). */
  'batches.changed': { batchId: number };
  /** A payment source was added, changed or given a new secret, or one of its events was taken or its gate opened (Settings → Self-service reloads). */
  'paymentSources.changed': { sourceId: number };
  'packages.changed': Record<string, never>;
  'routers.changed': Record<string, never>;
  'settings.changed': Record<string, never>;
  'operators.changed': Record<string, never>;
  /** A browser was paired or revoked (Settings → Devices reloads). */
  'devices.changed': { deviceId: number };
  /** A shift opened or closed (screens showing shifts reload; a till whose shift was closed elsewhere learns it here). */
  'shifts.changed': { shiftId: number; operatorId: number; closedAt: number | null };
  'status.changed': { status: Status };
}

export type CoreEventName = keyof CoreEvents;
export type CoreEvent = { [K in CoreEventName]: { type: K; seq: number; at: number } & CoreEvents[K] }[CoreEventName];
export const coreEventNames = [
  'sessions.updated',
  'sale.recorded',
  'batches.changed',
  'paymentSources.changed',
  'packages.changed',
  'routers.changed',
  'settings.changed',
  'operators.changed',
  'devices.changed',
  'shifts.changed',
  'status.changed',
] as const satisfies readonly CoreEventName[];
