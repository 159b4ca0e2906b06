/** Handlers: settings, reports, the audit log, status, backups. */
import type { Report } from '../../shared/domain';
import { AppError } from '../../shared/errors';
import type { BackupFile } from '../backups';
import { toAuditEntry } from '../services/views';
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';
import { nextBefore } from './paging';

type H = Pick<Handlers, 'settings.get' | 'settings.update' | 'reports.summary' | 'audit.list' | 'status.get' | 'radius.stats' | 'pcsync.status' | 'pcsync.rotateSecret' | 'backups.list' | 'backups.run'>;

const backupView = (b: BackupFile) => ({ name: b.name, sizeBytes: b.sizeBytes, createdAt: Math.round(b.createdAt) });

export function adminHandlers({ store, now, events, settings, status, radiusStatus, pcsync, pcSyncStatus, backups }: ApiDeps): H {
  const backupsOn = () => {
    const b = backups();
    if (!b) throw new AppError('conflict', 'Backups are off in this mode');
    return b;
  };
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch, { actor }) => {
      const next = settings.update(patch, actor, now());
      events.emit('settings.changed', {});
      return next;
    },
    'reports.summary': ({ from, to }): Report => {
      const r = store.reports;
      const kinds = Object.fromEntries(r.byKind(from, to).map((k) => [k.kind, { count: k.count, totalMinor: k.totalMinor }]));
      const zero = { count: 0, totalMinor: 0 };
      const sales = kinds.sale ?? zero;
      const topups = kinds.topup ?? zero;
      const voids = kinds.void ?? zero;
      return {
        from,
        to,
        currency: settings.get().money.currency,
        sales,
        topups,
        voids,
        netMinor: sales.totalMinor + topups.totalMinor + voids.totalMinor,
        cashExpectedMinor: r.cash(from, to),
        byPackage: r.byPackage(from, to),
        byOperator: r.byOperator(from, to),
        byPaymentMethod: r.byPaymentMethod(from, to),
        byHour: r.byHour(from, to),
      };
    },
    'audit.list': (q) => {
      const rows = store.audit.list(q);
      return { entries: rows.map(toAuditEntry), nextBefore: nextBefore(rows, q.limit) };
    },
    'status.get': () => status(),
    'radius.stats': () => radiusStatus(),
    'pcsync.status': () => pcSyncStatus(),
    'pcsync.rotateSecret': (_input, { actor }) => ({ secret: pcsync.rotateSecret(actor) }),
    'backups.list': () => {
      const b = backups();
      return { dir: b?.dir ?? null, backups: (b?.list() ?? []).map(backupView) };
    },
    'backups.run': async (_input, { actor }) => {
      try {
        const made = await backupsOn().run();
        store.audit.record(actor, { action: 'backup.run', entity: 'backup', entityId: null, details: { file: made.name } }, now());
        return backupView(made);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw new AppError('unavailable', err instanceof Error ? err.message : String(err));
      }
    },
  };
}
