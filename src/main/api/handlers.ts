/** Every contract method's handler, per domain, merged into one map (a method handled twice or not at all throws). */
import { adminHandlers } from './admin';
import { batchHandlers } from './batches';
import { deviceHandlers } from './devices';
import type { ApiDeps } from './deps';
import { mergeHandlers, type Handlers } from './dispatcher';
import { operatorHandlers } from './operators';
import { packageHandlers } from './packages';
import { paymentSourceHandlers } from './payment-sources';
import { routerHandlers } from './routers';
import { sessionHandlers } from './sessions';
import { shiftHandlers } from './shifts';
import { summaryHandlers } from './summary';

export function apiHandlers(deps: ApiDeps): Handlers {
  return mergeHandlers(operatorHandlers(deps), deviceHandlers(deps), packageHandlers(deps), sessionHandlers(deps), batchHandlers(deps), shiftHandlers(deps), routerHandlers(deps), paymentSourceHandlers(deps), summaryHandlers(deps), adminHandlers(deps));
}
