/** What the contract handlers work with. */
import type { PcSyncStatus, RadiusStatus, Status } from '../../shared/domain';
import type { Backups } from '../backups';
import type { Store } from '../db/store';
import type { EventBus } from '../events';
import type { OperatorService } from '../services/operators';
import type { PcSyncService } from '../services/pcsync';
import type { RouterService } from '../services/routers';
import type { SessionService } from '../services/sessions';
import type { SettingsService } from '../services/settings';
import type { ShiftService } from '../services/shifts';

export interface ApiDeps {
  store: Store;
  now: () => number;
  events: EventBus;
  settings: SettingsService;
  sessions: SessionService;
  operators: OperatorService;
  shifts: ShiftService;
  status: () => Status;
  radiusStatus: () => RadiusStatus;
  pcsync: PcSyncService;
  routers: RouterService;
  pcSyncStatus: () => PcSyncStatus;
  /** Makes a session's pending Disconnects due now and delivers them. */
  retryDisconnect: (sessionId: number) => Promise<void>;
  /** Backups in the folder Settings name now; null when backups are off. */
  backups: () => Backups | null;
  version: string;
}
