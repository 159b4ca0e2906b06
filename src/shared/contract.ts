/**
 * The one contract between the core and everything that drives it: the renderer
 * (over IPC or HTTP), the headless API, a second screen, a PC manager.
 *
 * Each method names who may call it, the shape of its input (parsed at runtime on
 * the core's side: the caller is never trusted) and the shape of its output.
 */
import { z } from 'zod';
import {
  AuditEntry,
  BackupView,
  BatchDetail,
  BatchInput,
  BatchView,
  DeviceName,
  PairedDevice,
  CounterPaymentMethod,
  ConnectionView,
  EpochMs,
  Id,
  IpAddress,
  Mac,
  OperatorName,
  OperatorView,
  PackageInput,
  PackageUpdate,
  PackageView,
  PairingView,
  PaymentEventView,
  RefusedPaymentView,
  PaymentRef,
  PaymentSourceInput,
  PaymentSourceUpdate,
  PaymentSourceView,
  PcSyncStatus,
  ProvisionResult,
  ReconcileResult,
  RouterTestResult,
  Pin,
  RadiusStatus,
  Report,
  Role,
  RouterInput,
  RouterUpdate,
  RouterView,
  SaleView,
  SessionView,
  Settings,
  ShiftView,
  Status,
  SummaryStatus,
  WalletName,
} from './domain';
import { Language } from './i18n/languages';
import type { MethodListed } from './methods';

/**
 * Who may call a method: anyone holding the transport token (public); any signed-in
 * operator, owners too (viewer: reading); cashiers and admins (operator: the counter's
 * work); admins only.
 */
export type Permission = 'public' | 'viewer' | 'operator' | 'admin';

export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  allowed: Permission;
  summary: string;
  input: I;
  output: O;
}

function method<I extends z.ZodType, O extends z.ZodType>(allowed: Permission, summary: string, input: I, output: O): MethodSpec<I, O> {
  return { allowed, summary, input, output };
}

const Empty = z.object({}).strict();
const Ok = z.object({ ok: z.literal(true) });
const PcUser = z.string().trim().min(1).max(64);
const PcStation = z.string().trim().min(1).max(64);
const Reason = z.string().trim().min(1, 'Give a reason').max(200);
const Search = z.string().trim().max(64).optional();
/** A client-chosen key that makes a retried or double-clicked sale happen once. */
const RequestId = z.string().trim().min(8).max(64).optional();
const Page = { limit: z.int().min(1).max(1000).default(200), before: Id.optional() };

const Signed = z.object({ token: z.string(), operator: OperatorView });

const SaleRequest = {
  packageId: Id,
  /** Per-unit packages: how much of the customer's money to turn into time/data. */
  amountMinor: z.int().positive().max(1e12).optional(),
  /** What the customer handed over; change = paid − price. */
  paidMinor: z.int().nonnegative().max(1e12),
  paymentMethod: CounterPaymentMethod.default('cash'),
  /** E-wallet payments: which e-wallet (one of Settings → Money & payments) and its reference number, both required. */
  wallet: WalletName.optional(),
  paymentRef: PaymentRef.optional(),
  requestId: RequestId,
};

export const SellInput = z.object({
  ...SaleRequest,
  /** MAC login: the session is bound to this device and logs in without a voucher. */
  mac: Mac.optional(),
  pcUser: PcUser.optional(),
  pcStation: PcStation.optional(),
});
export type SellInput = z.infer<typeof SellInput>;

export const TopUpInput = z.object({ ...SaleRequest, sessionId: Id });
export type TopUpInput = z.infer<typeof TopUpInput>;

export const SessionDetail = SessionView.extend({
  connections: z.array(ConnectionView),
  sales: z.array(SaleView),
  audit: z.array(AuditEntry),
});
export type SessionDetail = z.infer<typeof SessionDetail>;

const Range = z
  .object({ from: EpochMs, to: EpochMs })
  .refine((r) => r.to > r.from, { message: 'The end must be after the start', path: ['to'] });

/** Names one refused payment: its source, event id and what was paid. */
const RefusalKey = z.object({ sourceId: Id, eventId: z.string().min(1).max(200), paymentSha256: z.string().regex(/^[0-9a-f]{64}$/) });
/** A short optional note: why, or how the money went back. */
const Note = z.string().trim().max(200).transform((v) => (v === '' ? null : v)).nullable().default(null);

export const contract = {
  // -------------------------------------------------------------- first run and sign-in
  'setup.status': method('public', 'Whether the first admin still has to be created; the café’s language (for the sign-in screen).', Empty, z.object({ needsAdmin: z.boolean(), version: z.string(), language: Language })),
  'setup.createAdmin': method('public', 'Creates the first admin (only while there is no operator) and signs them in.', z.object({ name: OperatorName, pin: Pin }), Signed),
  'operators.roster': method('public', 'Active operators for the sign-in screen (names and roles only).', Empty, z.array(OperatorView.pick({ id: true, name: true, role: true }))),
  'operators.signIn': method('public', 'Signs an operator in with their PIN; returns the operator token.', z.object({ operatorId: Id, pin: z.string().max(16) }), Signed),
  'operators.signOut': method('viewer', 'Ends this operator token.', Empty, Ok),
  'operators.me': method('viewer', 'The operator this token belongs to.', Empty, OperatorView),
  'operators.setMyLanguage': method('viewer', 'Sets the signed-in operator’s own UI language, or back to the café’s (null).', z.object({ language: Language.nullable() }), OperatorView),

  // -------------------------------------------------------------- devices (browsers on this PC or the café LAN)
  'devices.startPairing': method('admin', 'A pairing code for a new browser (valid 5 minutes, one use, 5 wrong tries burn it) and the addresses to open.', Empty, PairingView),
  'devices.pair': method('public', 'Pairs this browser with a code: returns its own device token (keep it; it is shown once). Needs no API token.', z.object({ code: z.string().trim().min(1).max(16), name: DeviceName }), z.object({ token: z.string(), device: PairedDevice })),
  'devices.list': method('admin', 'Paired browsers with their last use, newest first; revoked ones too.', Empty, z.array(PairedDevice)),
  'devices.revoke': method('admin', 'Revokes a paired browser: its token is refused (401) from now on, its open event stream closed.', z.object({ id: Id }), PairedDevice),
  'devices.lanStatus': method('admin', 'The UI on the café LAN: the address it is served at (paired devices only), or why not.', Empty, z.object({ url: z.string().nullable(), error: z.string().nullable() })),
  'devices.newApiToken': method('admin', 'Replaces the API token printed at start (serve mode; scripts and tills opened with the old link must be given the new one or pair).', Empty, z.object({ token: z.string() })),

  // -------------------------------------------------------------- the counter
  'packages.list': method('viewer', 'Packages, active first in sort order; retired ones on request.', z.object({ includeRetired: z.boolean().default(false) }), z.array(PackageView)),
  'packages.create': method('admin', 'Adds a package.', PackageInput, PackageView),
  'packages.update': method('admin', 'Changes a package; sessions already sold keep the terms they were sold with.', PackageUpdate, PackageView),
  'packages.setActive': method('admin', 'Retires a package (no longer sold) or brings it back.', z.object({ id: Id, active: z.boolean() }), PackageView),

  'sales.sell': method('operator', 'Sells a package: records the sale and creates the session with its voucher, in one transaction.', SellInput, z.object({ sale: SaleView, session: SessionView })),
  'sales.list': method('viewer', 'The sales ledger, newest first; the search matches voucher, package, operator, PC user, reason, e-wallet and payment reference.', z.object({ from: EpochMs.optional(), to: EpochMs.optional(), search: Search, operatorId: Id.optional(), ...Page }), z.object({ sales: z.array(SaleView), nextBefore: Id.nullable() })),
  'sales.void': method('admin', 'Voids a sale with a reversing ledger row; the session loses what the sale granted.', z.object({ saleId: Id, reason: Reason }), z.object({ void: SaleView, session: SessionView })),

  'sales.reprint': method('operator', 'The slip of a sale again, to print marked REPRINT; the reprint is recorded in the audit log.', z.object({ saleId: Id }), z.object({ sale: SaleView, session: SessionView, reprintedAt: EpochMs, operatorName: z.string() })),

  'shifts.current': method('operator', 'This operator’s open shift with its takings so far; null when none is open.', Empty, ShiftView.nullable()),
  'shifts.open': method('operator', 'Opens a shift for this operator (signing in does it too); the open one if there is one.', Empty, ShiftView),
  'shifts.close': method('operator', 'Closes a shift with the cash counted in the drawer: stores expected, counted and the difference. Your own, or any as an admin.', z.object({ shiftId: Id.optional(), cashCountedMinor: z.int().nonnegative('Count the cash: 0 or more').max(1e12), note: z.string().trim().max(200).optional() }), ShiftView),
  'shifts.list': method('operator', 'Shifts, newest first, with their totals: your own, or everyone’s as an admin.', z.object({ operatorId: Id.optional(), from: EpochMs.optional(), to: EpochMs.optional(), ...Page }), z.object({ shifts: z.array(ShiftView), nextBefore: Id.nullable() })),

  'sessions.list': method('viewer', 'Sessions: live (PENDING/ACTIVE, plus ended ones whose devices are not yet confirmed off; a search also finds voucher cards in stock by code), ended, or all; newest first.', z.object({ scope: z.enum(['live', 'ended', 'all']).default('live'), search: Search, from: EpochMs.optional(), to: EpochMs.optional(), limit: z.int().min(1).max(20_000).default(20_000), before: Id.optional() }), z.object({ sessions: z.array(SessionView), nextBefore: Id.nullable() })),
  'sessions.get': method('viewer', 'One session with its connections, sales and audit trail.', z.object({ id: Id }), SessionDetail),
  'sessions.end': method('operator', 'Ends a session now (TERMINATED) and disconnects its devices.', z.object({ id: Id, reason: Reason }), SessionView),
  'sessions.topUp': method('operator', 'Adds a package’s time/data to a live session (a new sale).', TopUpInput, z.object({ sale: SaleView, session: SessionView })),
  'sessions.retryDisconnect': method('operator', 'Sends a session’s pending Disconnects again now (after “disconnect failed”).', z.object({ id: Id }), SessionView),
  'sessions.linkPc': method('operator', 'Links a session to a game-PC user (PC logout then ends it), or unlinks it.', z.object({ id: Id, pcUser: PcUser.nullable(), pcStation: PcStation.nullable().default(null) }), SessionView),

  'batches.create': method('admin', 'Generates a batch of voucher cards of a package (1–2,000); first-use cards are sold by their first login, at-generation cards now (one sale each).', BatchInput, BatchDetail),
  'batches.list': method('admin', 'Card batches, newest first, with their counts (in stock, used, expired, voided) and the value sold.', z.object({ ...Page }), z.object({ batches: z.array(BatchView), nextBefore: Id.nullable() })),
  'batches.get': method('admin', 'One batch with its cards (codes and passwords), to print again or export.', z.object({ id: Id }), BatchDetail),
  'batches.voidUnused': method('admin', 'Voids the batch’s cards not used yet (a lost or stolen sheet): they are refused at login from then on; audited with who and why.', z.object({ id: Id, reason: Reason }), z.object({ batch: BatchView, voided: z.int().nonnegative() })),

  'reports.summary': method('viewer', 'Totals for a time range: per package, operator, payment method and hour; cash expected.', Range, Report),

  // -------------------------------------------------------------- administration
  'routers.list': method('admin', 'The routers (RADIUS clients) this PC serves.', Empty, z.array(RouterView)),
  'routers.create': method('admin', 'Adds a router by its source IP and shared secret.', RouterInput, RouterView),
  'routers.update': method('admin', 'Changes a router; omit api.password to keep the stored one.', RouterUpdate, RouterView),
  'routers.remove': method('admin', 'Removes a router; its history stays.', z.object({ id: Id }), Ok),
  'routers.test': method('admin', 'Logs in to the router’s RouterOS API and reads its name and version.', z.object({ id: Id }), RouterTestResult),
  'routers.provision': method('admin', 'Sets the router up for this PC over its API (RADIUS client, incoming CoA, Hotspot profiles, this PC bypassed, the café’s login page fetched from this PC’s LAN port); a second run changes nothing.', z.object({ id: Id, serverAddress: IpAddress.optional() }), ProvisionResult),
  'routers.reconcile': method('admin', 'Compares the router’s active list with the open connections: closes what the router no longer has, removes devices of ended sessions.', z.object({ id: Id }), ReconcileResult),

  'settings.get': method('viewer', 'All settings.', Empty, Settings),
  'settings.update': method('admin', 'Replaces the given sections of the settings.', Settings.partial(), Settings),

  'operators.list': method('admin', 'All operators, including deactivated ones.', Empty, z.array(OperatorView)),
  'operators.create': method('admin', 'Adds an operator.', z.object({ name: OperatorName, role: Role, pin: Pin }), OperatorView),
  'operators.update': method('admin', 'Renames, changes role or PIN, or (de)activates an operator; the last active admin stays.', z.object({ id: Id, name: OperatorName.optional(), role: Role.optional(), pin: Pin.optional(), active: z.boolean().optional() }), OperatorView),

  'pcsync.status': method('admin', 'The PC-sync webhook: where it listens, its signing secret, the last events received.', Empty, PcSyncStatus),
  'pcsync.rotateSecret': method('admin', 'Replaces the webhook signing secret (the PC manager must be given the new one).', Empty, z.object({ secret: z.string() })),

  'paymentSources.list': method('admin', 'Self-service payment sources (coin slots, e-wallet gateways) with today’s takings and refusals, and where their events go (POST /payments/events on the LAN port).', Empty, z.object({ sources: z.array(PaymentSourceView), lan: z.object({ listening: z.boolean(), path: z.string(), urls: z.array(z.string()), error: z.string().nullable() }) })),
  'paymentSources.create': method('admin', 'Adds a payment source; its signing secret is in this answer only (copy it to the device).', PaymentSourceInput, z.object({ source: PaymentSourceView, secret: z.string() })),
  'paymentSources.update': method('admin', 'Changes a payment source: name, packages, daily cap, router; disabling it refuses its events from then on.', PaymentSourceUpdate, PaymentSourceView),
  'paymentSources.rotateSecret': method('admin', 'Gives a payment source a new signing secret (shown once); the old one stops working at once.', z.object({ id: Id }), z.object({ secret: z.string() })),
  'paymentSources.events': method('admin', 'Payment events taken, newest first: what each sold, for which device, and how its gate opened.', z.object({ sourceId: Id.optional(), limit: z.int().min(1).max(500).default(50) }), z.object({ events: z.array(PaymentEventView) })),

  'paymentSources.refused': method('viewer', 'Payments a source signed that the app refused (no sale; the money is in its device), first received in the range: still to settle first, oldest first, then the settled ones (at most 500).', z.object({ from: EpochMs, to: EpochMs, openOnly: z.boolean().default(false) }).refine((r) => r.to > r.from, { message: 'The end must be after the start', path: ['to'] }), z.object({ payments: z.array(RefusedPaymentView) })),
  'paymentSources.refund': method('operator', 'Marks a refused payment refunded (the customer got the money back, not from the drawer); audited; a retry of it is refused for good.', RefusalKey.extend({ note: Note }), RefusedPaymentView),
  'paymentSources.sellRefused': method('operator', 'Sells what a refused payment paid for, as its event would have (paid the source’s way, into no drawer; the package the event named unless another is picked), whatever the source’s cap or packages; its device’s gate opens as for an event; audited.', RefusalKey.extend({ packageId: Id.optional() }), z.object({ payment: RefusedPaymentView, sale: SaleView, session: SessionView, outcome: z.enum(['new', 'topup']) })),

  'backups.list': method('admin', 'Backups of the database on disk, newest first, and where they are.', Empty, z.object({ dir: z.string().nullable(), backups: z.array(BackupView) })),
  'backups.run': method('admin', 'Makes a backup now (an online copy: selling goes on meanwhile).', Empty, BackupView),

  'summary.status': method('admin', 'The daily summary: when the next is due, the last written and sent, Telegram messages still to send, the last error; whether a bot token is set (never the token).', Empty, SummaryStatus),
  'summary.setTelegramToken': method('admin', 'Stores the Telegram bot token (sealed at rest; never shown again), or removes it (null).', z.object({ token: z.string().trim().regex(/^\d{1,20}:[A-Za-z0-9_-]{20,100}$/, 'A bot token like 123456789:AAE… (from @BotFather)').nullable() }), SummaryStatus),
  'summary.sendNow': method('admin', 'Writes today’s summary now (00:00 until now, or until closing time once that has passed) and sends it to Telegram in the background when that is on.', Empty, SummaryStatus),

  'audit.list': method('admin', 'The audit log, newest first.', z.object({ entity: z.string().max(32).optional(), entityId: Id.optional(), from: EpochMs.optional(), to: EpochMs.optional(), ...Page }), z.object({ entries: z.array(AuditEntry), nextBefore: Id.nullable() })),

  'status.get': method('viewer', 'Health of the core: database, RADIUS listeners, live session count.', Empty, Status),
  'radius.stats': method('viewer', 'RADIUS listeners and counters: per router (requests, accepts, rejects, drops by reason) and drops of unknown sources.', Empty, RadiusStatus),
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;

// The plain list of names (methods.ts, for the preload script) must name exactly these methods.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameMethods: Same<keyof Contract, MethodListed> = true;
void sameMethods;
export type MethodName = keyof Contract;
export type MethodInput<M extends MethodName> = z.input<Contract[M]['input']>;
export type MethodParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Contract[M]['output']>;
export const methodNames = Object.keys(contract) as MethodName[];

/** The typed client every transport offers: one async function per method. */
export type Api = { [M in MethodName]: (input: MethodInput<M>) => Promise<MethodOutput<M>> };

