/** What the contract handlers work with: the services, nothing below them. */
import type { BackupService } from '../services/backups';
import type { BatchService } from '../services/batches';
import type { DeviceService } from '../services/devices';
import type { OperatorService } from '../services/operators';
import type { PackageService } from '../services/packages';
import type { PaymentSourceService } from '../services/payment-sources';
import type { PcSyncService } from '../services/pcsync';
import type { ReportService } from '../services/reports';
import type { SelfService } from '../services/self-service';
import type { RouterService } from '../services/routers';
import type { SessionService } from '../services/sessions';
import type { SettingsService } from '../services/settings';
import type { ShiftService } from '../services/shifts';
import type { StatusService } from '../services/status';
import type { SummaryService } from '../services/summary';

export interface ApiDeps {
  settings: SettingsService;
  sessions: SessionService;
  batches: BatchService;
  packages: PackageService;
  operators: OperatorService;
  devices: DeviceService;
  shifts: ShiftService;
  routers: RouterService;
  pcsync: PcSyncService;
  paymentSources: PaymentSourceService;
  /** Selling a refused payment at the counter. */
  selfService: Pick<SelfService, 'sellRefused'>;
  reports: ReportService;
  status: StatusService;
  backups: BackupService;
  summary: SummaryService;
  /** Makes a session's pending Disconnects due now and delivers them. */
  retryDisconnect: (sessionId: number) => Promise<void>;
  version: string;
}
