/** What the contract handlers work with. */
import type { RadiusStatus, Status } from '../../shared/domain';
import type { Store } from '../db/store';
import type { EventBus } from '../events';
import type { OperatorService } from '../services/operators';
import type { SessionService } from '../services/sessions';
import type { SettingsService } from '../services/settings';

export interface ApiDeps {
  store: Store;
  now: () => number;
  events: EventBus;
  settings: SettingsService;
  sessions: SessionService;
  operators: OperatorService;
  status: () => Status;
  radiusStatus: () => RadiusStatus;
  version: string;
}
