/** Turns database rows into the contract's views. */
import type {
  AuditEntry,
  ConnectionView,
  DeviceView,
  OperatorView,
  PackageView,
  RouterView,
  SaleView,
  SessionView,
} from '../../shared/domain';
import type { AuditRow } from '../db/audit';
import type { ConnectionRow } from '../db/connections';
import type { OperatorRow } from '../db/operators';
import type { PackageRow } from '../db/packages';
import type { RouterRow } from '../db/routers';
import type { SaleRow } from '../db/sales';
import type { SessionRow } from '../db/sessions';
import type { Store } from '../db/store';
import { remaining } from '../../shared/engine/remaining';

/** A session's view at `now`, with its open connections (oldest first). */
export function toSessionView(s: SessionRow, open: readonly ConnectionRow[], now: number): SessionView {
  const left = remaining(s, open.map((c) => c.lastUpdateAt), now);
  const { bytesIn, bytesOut, timeUsedS, ...rest } = s;
  return {
    ...rest,
    bytesIn,
    bytesOut,
    timeUsedS,
    devices: open.map(toDeviceView),
    remaining: { timeS: left.timeS, dataBytes: left.dataBytes, validUntil: left.validUntil },
    asOf: now,
  };
}

function toDeviceView(c: ConnectionRow): DeviceView {
  return {
    connectionId: c.id,
    mac: c.mac,
    ip: c.ip,
    routerId: c.routerId,
    routerName: c.routerName,
    startedAt: c.startedAt,
    lastUpdateAt: c.lastUpdateAt,
    disconnect: c.disconnect,
    disconnectError: c.disconnectError,
  };
}

/** Views of many sessions with one more query for all their open devices, keeping the rows' order. */
export function sessionViews(store: Store, rows: readonly SessionRow[], now: number): SessionView[] {
  if (rows.length === 0) return [];
  const open = new Map<number, ConnectionRow[]>();
  for (const c of store.connections.openBySessions(rows.map((r) => r.id))) {
    const list = open.get(c.sessionId);
    if (list) list.push(c);
    else open.set(c.sessionId, [c]);
  }
  return rows.map((r) => toSessionView(r, open.get(r.id) ?? [], now));
}

/** Loads and views the sessions with these ids (missing ids are skipped). */
export function loadSessionViews(store: Store, ids: readonly number[], now: number): SessionView[] {
  return sessionViews(store, store.sessions.getMany(ids), now);
}

/** Loads one session's view; undefined when there is no such session. */
export function loadSessionView(store: Store, id: number, now: number): SessionView | undefined {
  return loadSessionViews(store, [id], now)[0];
}

export function toConnectionView(c: ConnectionRow): ConnectionView {
  return {
    id: c.id,
    sessionId: c.sessionId,
    routerId: c.routerId,
    routerName: c.routerName,
    acctSessionId: c.acctSessionId,
    mac: c.mac,
    ip: c.ip,
    startedAt: c.startedAt,
    lastUpdateAt: c.lastUpdateAt,
    endedAt: c.endedAt,
    endCause: c.endCause,
    bytesIn: c.inOctets,
    bytesOut: c.outOctets,
    sessionTimeS: c.sessionTimeS,
    disconnect: c.disconnect,
    disconnectError: c.disconnectError,
  };
}

export function toSaleView(s: SaleRow): SaleView {
  const { packageTerms: _terms, requestId: _request, shiftId: _shift, ...view } = s;
  return view;
}

export function toPackageView(p: PackageRow): PackageView {
  return { ...p, active: p.active === 1 };
}

export function toOperatorView(o: OperatorRow): OperatorView {
  return { id: o.id, name: o.name, role: o.role, active: o.active === 1, createdAt: o.createdAt, language: o.language };
}

export function toRouterView(r: RouterRow): RouterView {
  return {
    id: r.id,
    name: r.name,
    ip: r.ip,
    secret: r.secret,
    coaPort: r.coaPort,
    requireMessageAuthenticator: r.requireMessageAuthenticator,
    messageAuthenticatorSeen: r.messageAuthenticatorSeen === 1,
    api:
      r.apiHost !== null && r.apiUser !== null
        ? { host: r.apiHost, port: r.apiPort ?? 8728, user: r.apiUser, hasPassword: !!r.apiPassword, tls: r.apiTls === 1 }
        : null,
    lastSeenAt: r.lastSeenAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function toAuditEntry(a: AuditRow): AuditEntry {
  return { ...a, details: a.details ? (JSON.parse(a.details) as Record<string, unknown>) : null };
}
