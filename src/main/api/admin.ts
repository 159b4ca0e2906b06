/** Handlers: settings, reports, the audit log, status, backups. */
import type { BackupFile } from '../backups';
import type { ApiDeps } from './deps';
import type { Handlers } from './dispatcher';
import { nextBefore } from './paging';

type H = Pick<Handlers, 'settings.get' | 'settings.update' | 'reports.summary' | 'audit.list' | 'status.get' | 'radius.stats' | 'pcsync.status' | 'pcsync.rotateSecret' | 'backups.list' | 'backups.run'>;

const backupView = (b: BackupFile) => ({ name: b.name, sizeBytes: b.sizeBytes, createdAt: Math.round(b.createdAt) });

export function adminHandlers({ settings, reports, status, pcsync, backups }: ApiDeps): H {
  return {
    'settings.get': () => settings.get(),
    'settings.update': (patch, { actor }) => settings.update(patch, actor),
    'reports.summary': ({ from, to }) => reports.summary(from, to),
    'audit.list': (q) => {
      const entries = reports.audit(q);
      return { entries, nextBefore: nextBefore(entries, q.limit) };
    },
    'status.get': () => status.status(),
    'radius.stats': () => status.radiusStatus(),
    'pcsync.status': () => status.pcSyncStatus(),
    'pcsync.rotateSecret': (_input, { actor }) => ({ secret: pcsync.rotateSecret(actor) }),
    'backups.list': () => {
      const b = backups.current();
      return { dir: b.dir, backups: b.list().map(backupView) };
    },
    'backups.run': async (_input, { actor }) => backupView(await backups.run(actor)),
  };
}
