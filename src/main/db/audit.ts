/** SQL for the append-only audit log. */
import type { ActorKind } from '../../shared/domain';
import type { Db } from './sqlite';
import { Where } from './where';

export interface Actor {
  kind: ActorKind;
  id: number | null;
  name: string;
}

export interface AuditRecord {
  action: string;
  entity: string;
  entityId: number | null;
  fromState?: string | null;
  toState?: string | null;
  reason?: string | null;
  details?: Record<string, unknown> | null;
}

export interface AuditRow {
  id: number;
  at: number;
  actorKind: ActorKind;
  actorId: number | null;
  actorName: string;
  action: string;
  entity: string;
  entityId: number | null;
  fromState: string | null;
  toState: string | null;
  reason: string | null;
  details: string | null;
}

export interface AuditQuery {
  entity?: string | undefined;
  entityId?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  limit: number;
  before?: number | undefined;
}

const COLS = `id, at, actor_kind AS actorKind, actor_id AS actorId, actor_name AS actorName, action, entity, entity_id AS entityId,
  from_state AS fromState, to_state AS toState, reason, details`;

/** Prepared statements for the audit log. */
export function auditQueries(db: Db) {
  const insert = db.prepare(
    `INSERT INTO audit_log (at, actor_kind, actor_id, actor_name, action, entity, entity_id, from_state, to_state, reason, details)
     VALUES (@at, @actorKind, @actorId, @actorName, @action, @entity, @entityId, @fromState, @toState, @reason, @details)`,
  );
  return {
    record: (actor: Actor, r: AuditRecord, at: number) =>
      insert.run({
        at,
        actorKind: actor.kind,
        actorId: actor.id,
        actorName: actor.name,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        fromState: r.fromState ?? null,
        toState: r.toState ?? null,
        reason: r.reason ?? null,
        details: r.details ? JSON.stringify(r.details) : null,
      }),
    list: (q: AuditQuery) => {
      const where = new Where()
        .when(q.entity, 'entity = @entity', 'entity')
        .when(q.entityId, 'entity_id = @entityId', 'entityId')
        .when(q.from, 'at >= @from', 'from')
        .when(q.to, 'at < @to', 'to')
        .when(q.before, 'id < @before', 'before');
      const sql = `SELECT ${COLS} FROM audit_log ${where} ORDER BY id DESC LIMIT @limit`;
      return db.prepare<Record<string, string | number>, AuditRow>(sql).all({ ...where.params, limit: q.limit });
    },
  };
}
