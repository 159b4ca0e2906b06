/**
 * The contract's method names alone, for code that must not carry the schemas: the
 * desktop app's preload script (one named function per method) and its IPC channels.
 * contract.ts checks at compile time that this list and its methods are the same.
 */
export const methodList = [
  'setup.status',
  'setup.createAdmin',
  'operators.roster',
  'operators.signIn',
  'operators.signOut',
  'operators.me',
  'operators.setMyLanguage',
  'devices.startPairing',
  'devices.pair',
  'devices.list',
  'devices.revoke',
  'devices.lanStatus',
  'devices.newApiToken',
  'packages.list',
  'packages.create',
  'packages.update',
  'packages.setActive',
  'sales.sell',
  'sales.list',
  'sales.void',
  'sales.reprint',
  'shifts.current',
  'shifts.open',
  'shifts.close',
  'shifts.list',
  'sessions.list',
  'sessions.get',
  'sessions.end',
  'sessions.topUp',
  'sessions.retryDisconnect',
  'sessions.linkPc',
  'batches.create',
  'batches.list',
  'batches.get',
  'batches.voidUnused',
  'reports.summary',
  'routers.list',
  'routers.create',
  'routers.update',
  'routers.remove',
  'routers.test',
  'routers.provision',
  'routers.reconcile',
  'settings.get',
  'settings.update',
  'operators.list',
  'operators.create',
  'operators.update',
  'pcsync.status',
  'pcsync.rotateSecret',
  'paymentSources.list',
  'paymentSources.create',
  'paymentSources.update',
  'paymentSources.rotateSecret',
  'paymentSources.events',
  'paymentSources.refused',
  'paymentSources.refund',
  'paymentSources.sellRefused',
  'backups.list',
  'backups.run',
  'summary.status',
  'summary.setTelegramToken',
  'summary.sendNow',
  'audit.list',
  'status.get',
  'radius.stats',
] as const;

export type MethodListed = (typeof methodList)[number];

/** The IPC channel of a contract method (desktop app). */
export const channelOf = (method: MethodListed) => `iwas:${method}` as const;

/** IPC channels of the desktop app's own features (not contract methods). */
export const desktopChannels = {
  /** main → renderer: a core event. */
  event: 'iwas-event',
  /** renderer → main: print the voucher slip on the page. */
  print: 'iwas-desktop:print',
  /** renderer → main: the printers this PC has. */
  printers: 'iwas-desktop:printers',
  /** renderer → main: where this PC keeps the app's data and logs. */
  info: 'iwas-desktop:info',
} as const;
