/**
 * The café's words as runtime schemas: packages, sales, sessions, connections,
 * routers, operators, settings. The UI, the HTTP API and the core all parse with these.
 *
 * Units: money in integer minor units of the café's currency, fixed per currency in
 * shared/format (PHP centavos, IDR whole rupiah);
 * bytes as integers (exact up to 2^53, i.e. 9 PB); durations in whole seconds;
 * times as UTC epoch milliseconds.
 */
import { z } from 'zod';
import { Language } from './i18n/languages';
import { isCurrency } from './format';
import { installValidationMessages } from './messages';
import { normalizeIp, normalizeMac } from './net';

installValidationMessages();

export const MAX_SECONDS = 10 * 366 * 24 * 3600;

export const Id = z.int().positive();
export const EpochMs = z.int().nonnegative();
export const Bytes = z.int().nonnegative();
export const Minor = z.int().min(-1e13).max(1e13);
const Seconds = z.int().positive().max(MAX_SECONDS, 'At most 10 years');
const Kbps = z.int().positive().max(100_000_000);

// Required, too long: zod's general messages (src/shared/messages.ts), which a till says in its operator's language.
const text = (max: number) => z.string().trim().max(max);
const name = (max: number) => text(max).min(1);

/** A string normalised by `normalize`; `message` when it returns null. */
function normalized(normalize: (s: string) => string | null, message: string) {
  return z.string().transform((s, ctx) => {
    const v = normalize(s);
    if (v === null) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return v;
  });
}

export const Mac = normalized(normalizeMac, 'Not a MAC address (e.g. AA:BB:CC:DD:EE:FF)');
export const IpAddress = normalized(normalizeIp, 'Not an IP address (e.g. 192.168.88.1)');

export const Port = z.int().min(1, 'Port 1–65535').max(65535, 'Port 1–65535');

// ---------------------------------------------------------------- sessions

/** STOCK: a voucher card of a batch, printed but not yet sold; its first login sells it. */
export const sessionStates = ['STOCK', 'PENDING', 'ACTIVE', 'EXPIRED', 'TERMINATED'] as const;
export const SessionState = z.enum(sessionStates);
export type SessionState = z.infer<typeof SessionState>;
export const liveStates = ['PENDING', 'ACTIVE'] as const satisfies readonly SessionState[];

/**
 * What a package grants and a session carries: the limits the router and the core enforce,
 * as a package's form takes them. The one list of limit fields: the `Limits` type, the
 * session's view of them and the database's column map (db/limits.ts) all come from it.
 */
export const LimitFields = {
  timeLimitS: Seconds.nullable().default(null),
  validityS: Seconds.nullable().default(null),
  dataLimitBytes: z.int().positive().max(Number.MAX_SAFE_INTEGER).nullable().default(null),
  rateDownKbps: Kbps.nullable().default(null),
  rateUpKbps: Kbps.nullable().default(null),
  deviceLimit: z.int().min(1, 'At least 1 device').max(16, 'At most 16 devices').default(1),
  idleTimeoutS: Seconds.nullable().default(null),
};
export type LimitName = keyof typeof LimitFields;
export const limitNames = Object.keys(LimitFields) as LimitName[];
/** The limits of a package or a session (null: no limit of that kind). */
export type Limits = { [K in LimitName]: z.infer<(typeof LimitFields)[K]> };

/** The limits a sale grants and a top-up adds to (the rest are the package's as they are). */
export const allottedLimitNames = ['timeLimitS', 'validityS', 'dataLimitBytes'] as const satisfies readonly LimitName[];
export type AllottedLimits = Pick<Limits, (typeof allottedLimitNames)[number]>;

/** Just the limits of a package, a session or a view. */
export function limitsOf(l: Limits): Limits {
  return Object.fromEntries(limitNames.map((k) => [k, l[k]])) as Limits;
}

/** Just the allotted limits of a package, a session or a view (for a top-up, an audit row, a column update). */
export function allottedLimits(l: AllottedLimits): AllottedLimits {
  return { timeLimitS: l.timeLimitS, validityS: l.validityS, dataLimitBytes: l.dataLimitBytes };
}

/** The limits as a session carries them: sold, plus top-ups, minus voided top-ups (so they may reach zero). */
const SessionLimitFields = Object.fromEntries(
  limitNames.map((k) => [k, k === 'deviceLimit' ? z.int().nonnegative() : z.int().nonnegative().nullable()]),
) as { [K in LimitName]: K extends 'deviceLimit' ? z.ZodInt : z.ZodNullable<z.ZodInt> };

// ---------------------------------------------------------------- packages

export const Pricing = z.enum(['fixed', 'per_unit']);
export type Pricing = z.infer<typeof Pricing>;

const PackageFields = z.object({
  name: name(60),
  pricing: Pricing,
  /** Fixed: the price. Per unit: the price of one unit, i.e. of the limits below. */
  priceMinor: z.int().nonnegative().max(1e12),
  ...LimitFields,
  sortOrder: z.int().min(0).max(10_000).default(0),
  /** The number key (1–9) that picks it on the Sell screen; kept when other packages come and go. Omitted on create: the lowest free key. */
  hotkey: z.int().min(1, 'A key from 1 to 9').max(9, 'A key from 1 to 9').nullable().optional(),
  /** An unused voucher expires this long after its sale (null: never). */
  unusedExpiryS: Seconds.nullable().default(null),
});

function refinePackage(p: z.infer<typeof PackageFields>, ctx: z.RefinementCtx): void {
  if (p.timeLimitS === null && p.dataLimitBytes === null && p.validityS === null) {
    ctx.addIssue({ code: 'custom', path: ['timeLimitS'], message: 'Give a time, data or validity limit' });
  }
  if (p.pricing === 'per_unit') {
    if (p.priceMinor <= 0) ctx.addIssue({ code: 'custom', path: ['priceMinor'], message: 'A per-unit price must be above zero' });
    if (p.timeLimitS === null && p.dataLimitBytes === null) {
      ctx.addIssue({ code: 'custom', path: ['timeLimitS'], message: 'A per-unit package needs time or data per unit' });
    }
  }
}

export const PackageInput = PackageFields.superRefine(refinePackage);
export type PackageInput = z.infer<typeof PackageInput>;
export const PackageUpdate = PackageFields.extend({ id: Id }).superRefine(refinePackage);

export const PackageView = PackageFields.extend({
  id: Id,
  hotkey: z.int().min(1).max(9).nullable(),
  active: z.boolean(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});
export type PackageView = z.infer<typeof PackageView>;

// ---------------------------------------------------------------- sales

/**
 * How a sale was paid. 'card': a bank card at the counter. 'voucher-card': a voucher card of a
 * batch, sold by its first login (the money came in with the card, through whoever sold it).
 * 'coin': a coin acceptor's payment event (self-service; 'e-wallet' also comes from a gateway).
 */
export const PaymentMethod = z.enum(['cash', 'e-wallet', 'card', 'other', 'voucher-card', 'coin']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;
/** The methods a cashier picks at the counter ('voucher-card' is recorded by a card's first use, not chosen). */
export const counterPaymentMethods = ['cash', 'e-wallet', 'card', 'other'] as const satisfies readonly PaymentMethod[];
export const CounterPaymentMethod = z.enum(counterPaymentMethods);
export type CounterPaymentMethod = z.infer<typeof CounterPaymentMethod>;
/** An e-wallet's name as Settings → Money & payments lists it (GCash, Maya, QRIS, …). */
export const WalletName = name(24);
/** The reference number an e-wallet payment shows (letters, digits, dashes). */
export const PaymentRef = z
  .string()
  .trim()
  .min(4)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'Letters, digits, spaces and dashes only');
export const SaleKind = z.enum(['sale', 'topup', 'void']);
export type SaleKind = z.infer<typeof SaleKind>;

export const SaleView = z.object({
  id: Id,
  kind: SaleKind,
  sessionId: Id,
  voucherCode: z.string(),
  packageId: Id,
  packageName: z.string(),
  priceMinor: Minor,
  paidMinor: Minor,
  changeMinor: Minor,
  paymentMethod: PaymentMethod,
  /** The e-wallet paid with (e-wallet sales); null otherwise. */
  wallet: z.string().nullable(),
  /** The payment's reference number (required for e-wallets); null when none was given. */
  paymentRef: z.string().nullable(),
  grantedTimeS: z.int().nullable(),
  grantedDataBytes: z.int().nullable(),
  grantedValidityS: z.int().nullable(),
  /** Who recorded it; null for a self-service sale (a payment event), which names its source instead. */
  operatorId: Id.nullable(),
  /** The operator's name, or "self-service: <source>" for a payment event's sale. */
  operatorName: z.string(),
  /** The payment source whose event made this sale (and its void); null for the counter's and cards' sales. */
  sourceId: Id.nullable(),
  createdAt: EpochMs,
  voidsSaleId: Id.nullable(),
  voidedBySaleId: Id.nullable(),
  reason: z.string().nullable(),
});
export type SaleView = z.infer<typeof SaleView>;

// ---------------------------------------------------------------- sessions (views)

export const LoginKind = z.enum(['voucher', 'mac']);

export const DeviceView = z.object({
  connectionId: Id,
  mac: z.string().nullable(),
  ip: z.string().nullable(),
  routerId: Id,
  routerName: z.string(),
  startedAt: EpochMs,
  lastUpdateAt: EpochMs,
  disconnect: z.enum(['pending', 'failed']).nullable(),
  disconnectError: z.string().nullable(),
});
export type DeviceView = z.infer<typeof DeviceView>;

export const SessionView = z.object({
  id: Id,
  login: LoginKind,
  voucherCode: z.string(),
  password: z.string(),
  mac: z.string().nullable(),
  state: SessionState,
  packageId: Id,
  packageName: z.string(),
  ...SessionLimitFields,
  pcUser: z.string().nullable(),
  pcStation: z.string().nullable(),
  bytesIn: Bytes,
  bytesOut: Bytes,
  /** Online time reported by the routers up to `lastUpdateAt`, summed over devices. */
  timeUsedS: z.int().nonnegative(),
  /** Open devices, oldest first. */
  devices: z.array(DeviceView),
  remaining: z.object({
    timeS: z.int().nullable(),
    dataBytes: z.int().nullable(),
    validUntil: EpochMs.nullable(),
  }),
  /** When `remaining` was computed; the UI counts time down from here per open device. */
  asOf: EpochMs,
  createdAt: EpochMs,
  firstLoginAt: EpochMs.nullable(),
  lastUpdateAt: EpochMs.nullable(),
  endedAt: EpochMs.nullable(),
  endReason: z.string().nullable(),
  /** A voucher never used by then expires ("Never used"); null: it does not. */
  unusedExpiresAt: EpochMs.nullable(),
  /** The card batch this voucher was printed in; null for a voucher sold at the counter. */
  batchId: Id.nullable(),
  /** The payment source (coin slot, e-wallet gateway) whose event sold it; null when sold at the counter or as a card. */
  sourceName: z.string().nullable(),
});
export type SessionView = z.infer<typeof SessionView>;

export const ConnectionView = z.object({
  id: Id,
  sessionId: Id,
  routerId: Id,
  routerName: z.string(),
  acctSessionId: z.string(),
  mac: z.string().nullable(),
  ip: z.string().nullable(),
  startedAt: EpochMs,
  lastUpdateAt: EpochMs,
  endedAt: EpochMs.nullable(),
  endCause: z.string().nullable(),
  bytesIn: Bytes,
  bytesOut: Bytes,
  sessionTimeS: z.int().nonnegative(),
  disconnect: z.enum(['pending', 'failed']).nullable(),
  disconnectError: z.string().nullable(),
});
export type ConnectionView = z.infer<typeof ConnectionView>;

// ---------------------------------------------------------------- card batches

/** When a card counts as sold: at its first login (stock until then), or at generation (paid upfront). */
export const SoldWhen = z.enum(['first-use', 'generation']);
export type SoldWhen = z.infer<typeof SoldWhen>;
export const MAX_BATCH_CARDS = 2000;

export const BatchInput = z.object({
  packageId: Id,
  count: z.int().min(1, 'At least 1 card').max(MAX_BATCH_CARDS, `At most ${MAX_BATCH_CARDS.toLocaleString('en')} cards`),
  /** Put in front of every code (e.g. "ns" for a store's cards); the rest is the voucher settings' length and alphabet. */
  prefix: z
    .string()
    .trim()
    .toLowerCase()
    // The voucher alphabet: no 0/o, 1/l/i look-alikes (engine/vouchers.ts).
    .regex(/^[2-9a-hjkmnp-z]{0,6}$/, 'Up to 6 letters or digits, without 0, 1, i, l or o')
    .default(''),
  /** Code only (the code is the password) or code + password; default: the voucher settings'. */
  mode: z.enum(['code', 'code+password']).optional(),
  /** Who the cards are for (e.g. "Aling Nena's store"); printed on nothing, shown on the Batches screen. */
  label: text(60).default(''),
  soldWhen: SoldWhen.default('first-use'),
  /** At generation: how the cards were paid for (one sale row per card). */
  paymentMethod: CounterPaymentMethod.default('cash'),
  wallet: WalletName.optional(),
  paymentRef: PaymentRef.optional(),
  /** A client-chosen key that makes a retried or double-clicked generation happen once. */
  requestId: z.string().trim().min(8).max(64).optional(),
});
export type BatchInput = z.infer<typeof BatchInput>;

export const BatchView = z.object({
  id: Id,
  packageId: Id,
  packageName: z.string(),
  /** The price of one card (the package's when generated). */
  priceMinor: Minor,
  count: z.int().positive(),
  prefix: z.string(),
  mode: z.enum(['code', 'code+password']),
  label: z.string(),
  soldWhen: SoldWhen,
  createdAt: EpochMs,
  createdById: Id,
  createdByName: z.string(),
  /** Cards not used yet and still usable; used (logged in at least once); expired unused; voided unused. */
  counts: z.object({ stock: z.int().nonnegative(), used: z.int().nonnegative(), expired: z.int().nonnegative(), voided: z.int().nonnegative() }),
  /** What the ledger holds for the batch's cards (sales minus voids). */
  valueSoldMinor: Minor,
});
export type BatchView = z.infer<typeof BatchView>;

/** One card as the sheet prints it and the Batches screen lists it. */
export const CardView = z.object({
  sessionId: Id,
  code: z.string(),
  password: z.string(),
  state: SessionState,
  firstLoginAt: EpochMs.nullable(),
  endedAt: EpochMs.nullable(),
  endReason: z.string().nullable(),
});
export type CardView = z.infer<typeof CardView>;

export const BatchDetail = BatchView.extend({ cards: z.array(CardView) });
export type BatchDetail = z.infer<typeof BatchDetail>;

// ---------------------------------------------------------------- operators

/** admin: everything; cashier: the counter; owner: reads Reports, History and Sessions (a phone on the LAN), changes nothing. */
export const Role = z.enum(['admin', 'cashier', 'owner']);
export type Role = z.infer<typeof Role>;
export const Pin = z.string().regex(/^\d{4,8}$/, 'PIN: 4 to 8 digits');

export const OperatorView = z.object({
  id: Id,
  name: z.string(),
  role: Role,
  active: z.boolean(),
  createdAt: EpochMs,
  /** Their own UI language; null: the café's (Settings → General). */
  language: Language.nullable(),
});
export type OperatorView = z.infer<typeof OperatorView>;
export const OperatorName = name(40);

// ---------------------------------------------------------------- devices

/** A browser paired with a code (Settings → Devices): its own token, revocable at once. */
export const PairedDevice = z.object({
  id: Id,
  name: z.string(),
  pairedAt: EpochMs,
  lastUsedAt: EpochMs.nullable(),
  /** Where it was last seen from (an IP address). */
  lastAddress: z.string().nullable(),
  revokedAt: EpochMs.nullable(),
});
export type PairedDevice = z.infer<typeof PairedDevice>;
export const DeviceName = name(40);

/** A pairing code, valid for a few minutes, and the addresses a browser can open to use it. */
export const PairingView = z.object({
  code: z.string(),
  expiresAt: EpochMs,
  /** Addresses to open (with the code in the link: #pair=CODE), loopback first, then the LAN one when the UI is on the LAN. */
  urls: z.array(z.string()),
});
export type PairingView = z.infer<typeof PairingView>;

// ---------------------------------------------------------------- routers

export const RequireMessageAuthenticator = z.enum(['auto', 'yes', 'no']);

const RouterApiInput = z.object({
  host: z.string().trim().min(1).max(253),
  port: Port.default(8728),
  user: name(64),
  /** Omit on update to keep the stored password. */
  password: z.string().max(128).optional(),
  tls: z.boolean().default(false),
});

const RouterFields = z.object({
  name: name(60),
  ip: IpAddress,
  secret: z.string().min(6).max(128),
  coaPort: Port.default(3799),
  requireMessageAuthenticator: RequireMessageAuthenticator.default('auto'),
  api: RouterApiInput.nullable().default(null),
});
export const RouterInput = RouterFields;
export type RouterInput = z.infer<typeof RouterInput>;
export const RouterUpdate = RouterFields.extend({ id: Id });

export const RouterView = z.object({
  id: Id,
  name: z.string(),
  ip: z.string(),
  secret: z.string(),
  coaPort: Port,
  requireMessageAuthenticator: RequireMessageAuthenticator,
  /** auto mode: a valid Message-Authenticator was seen, so it is now required. */
  messageAuthenticatorSeen: z.boolean(),
  api: z
    .object({ host: z.string(), port: Port, user: z.string(), hasPassword: z.boolean(), tls: z.boolean() })
    .nullable(),
  lastSeenAt: EpochMs.nullable(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});
export type RouterView = z.infer<typeof RouterView>;

export const RouterTestResult = z.object({
  ok: z.boolean(),
  identity: z.string().nullable(),
  version: z.string().nullable(),
  board: z.string().nullable(),
  /** Why it failed, for the operator (wrong password, no answer, …). */
  error: z.string().nullable(),
});
export const ProvisionResult = z.object({
  ok: z.boolean(),
  serverAddress: z.string().nullable(),
  steps: z.array(z.object({ what: z.string(), changed: z.boolean() })),
  error: z.string().nullable(),
});
export const ReconcileResult = z.object({
  ok: z.boolean(),
  active: z.int().nonnegative(),
  closed: z.int().nonnegative(),
  kicked: z.int().nonnegative(),
  unaccounted: z.int().nonnegative(),
  error: z.string().nullable(),
});

// ---------------------------------------------------------------- settings

function isLocale(tag: string): boolean {
  try {
    return Intl.NumberFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}

export const LOGO_MAX_BYTES = 200 * 1024;
export const LOGO_MAX_PX = { width: 600, height: 300 } as const;
/** The longest data URL a logo within LOGO_MAX_BYTES can be (base64: 4 characters per 3 bytes), checked before decoding. */
const LOGO_MAX_DATA_URL = 'data:image/png;base64,'.length + Math.ceil(LOGO_MAX_BYTES / 3) * 4;
const PNG_PREFIX = 'data:image/png;base64,';
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** A logo must be a PNG data URL within the size limits (the UI turns an SVG into a PNG and scales it down first). */
function checkLogo(v: string, ctx: z.RefinementCtx): void {
  if (!v.startsWith(PNG_PREFIX)) {
    ctx.addIssue({ code: 'custom', message: 'The logo must be a PNG or SVG image' });
    return;
  }
  // Refused before decoding: a huge string would hold up the core for seconds.
  if (v.length > LOGO_MAX_DATA_URL) {
    ctx.addIssue({ code: 'custom', message: `The logo is too large: ${Math.ceil(((v.length - PNG_PREFIX.length) * 3) / 4 / 1024)} KB (at most ${LOGO_MAX_BYTES / 1024} KB)` });
    return;
  }
  let bytes: Uint8Array;
  try {
    const bin = atob(v.slice(PNG_PREFIX.length));
    bytes = Uint8Array.from(bin, (c) => c.charCodeAt(0));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'The logo is not a readable PNG image' });
    return;
  }
  // The signature, then the IHDR chunk first (where the size is), as every PNG has it.
  const ihdr = String.fromCharCode(...bytes.slice(12, 16));
  if (bytes.length < 24 || PNG_MAGIC.some((b, i) => bytes[i] !== b) || ihdr !== 'IHDR') {
    ctx.addIssue({ code: 'custom', message: 'The logo is not a readable PNG image' });
    return;
  }
  if (bytes.length > LOGO_MAX_BYTES) {
    ctx.addIssue({ code: 'custom', message: `The logo is too large: ${Math.ceil(bytes.length / 1024)} KB (at most ${LOGO_MAX_BYTES / 1024} KB)` });
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width > LOGO_MAX_PX.width || height > LOGO_MAX_PX.height) {
    ctx.addIssue({ code: 'custom', message: `The logo is ${width}×${height} px: at most ${LOGO_MAX_PX.width}×${LOGO_MAX_PX.height} px` });
  }
}

export const Settings = z.object({
  /** The café's language: the UI (an operator may choose their own), slips, cards, the login page, Reply-Messages, the daily summary. */
  language: Language,
  cafe: z.object({
    name: name(60),
    receiptHeader: text(300),
    receiptFooter: text(300),
    /** The receipt printer's paper: 58 or 80 mm. */
    receiptWidthMm: z.union([z.literal(58), z.literal(80)]).default(58),
  }),
  money: z.object({
    /** Its minor-unit digits are fixed in code for the currencies offered (shared/format `currencyMinorDigits`), so a stored amount means the same in every runtime. */
    currency: z.string().refine(isCurrency, 'Not an ISO 4217 currency code (e.g. PHP, IDR, USD)'),
    locale: z.string().refine(isLocale, 'Not a locale this system knows (e.g. en-PH, id-ID, en-US)'),
  }),
  vouchers: z.object({
    length: z.int().min(4).max(16),
    /** code: the code is also the password; code+password: a separate password is printed. */
    mode: z.enum(['code', 'code+password']),
    passwordLength: z.int().min(4).max(16),
  }),
  /** What slips, cards, shift reports and the Hotspot login page show besides the café's name. */
  branding: z.object({
    /** A PNG as a data URL (an SVG upload is turned into one), at most 600×300 px and 200 KB; '' for none. */
    logo: z.union([z.literal(''), z.string().superRefine(checkLogo)]),
    /** The WiFi's name (SSID) customers join. */
    ssid: text(32),
    /** One short line on how to connect (e.g. "Join IWAS-WiFi, open any page, type the code"). */
    howToConnect: text(160),
  }),
  /** E-wallets the counter takes; a sale paid by one records its reference number. */
  payments: z.object({
    wallets: z
      .array(WalletName)
      .max(12, 'At most 12 e-wallets')
      .refine((w) => new Set(w.map((x) => x.toLowerCase())).size === w.length, 'Each e-wallet once'),
  }),
  hotspot: z.object({
    /** The Hotspot's login page, for the QR code on the slip (e.g. http://10.5.50.1/login). */
    loginUrl: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'A http:// or https:// address' })]),
  }),
  radius: z.object({
    interimIntervalS: z.int().min(30, 'At least 30 s').max(3600, 'At most 3600 s'),
    /** A connection silent for this many interim intervals is closed at its last update. */
    staleAfterIntervals: z.int().min(2).max(20),
  }),
  /** Voucher slips in the desktop app. */
  printing: z.object({
    /** The receipt printer by its system name; empty: the system's default printer. */
    printerName: text(200),
    /** Print straight to the printer, without the print dialog. */
    silent: z.boolean(),
  }),
  /** This PC (the desktop app). */
  desktop: z.object({
    /** Start IWAS Counter when Windows (or the Linux session) starts: the WiFi needs it running. */
    startWithSystem: z.boolean(),
  }),
  backups: z.object({
    everyHours: z.int().min(1, 'At least every hour').max(168, 'At least once a week'),
    keep: z.int().min(1, 'Keep at least one').max(365),
    /** Where copies go (a second disk or a USB drive is best); empty: beside the database. */
    folder: text(500),
  }),
  /** The UI on the café LAN, for paired devices only (another till PC, the owner's phone); the desktop app's switch (serve mode: --ui-host). */
  lan: z.object({
    enabled: z.boolean(),
    /** This PC's LAN address to listen on (e.g. 192.168.88.10); empty: the first private IPv4 address it has. */
    address: z.union([z.literal(''), z.ipv4({ error: 'An IPv4 address like 192.168.88.10' }).refine((a) => a !== '0.0.0.0', 'This PC’s LAN address (e.g. 192.168.88.10), not every address')]),
    port: z.int().min(1024, 'A port from 1024').max(65535),
  }),
  /** The owner's daily summary at closing time: a text file, and optionally a Telegram message (the bot token is kept apart, sealed). */
  summary: z
    .object({
      enabled: z.boolean(),
      /** This PC's local time, 24-hour "HH:MM" ("00:00": midnight); a summary covers the day from the previous closing to then. */
      closingTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'A time like 22:00 (24-hour)'),
      /** Where summary files go; empty: `summaries` beside the database. */
      folder: text(500),
      telegram: z.object({
        enabled: z.boolean(),
        /** A numeric chat id (groups are negative) or a public channel's @name. */
        chatId: z.union([z.literal(''), z.string().trim().regex(/^(-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{4,31})$/, 'A chat id like 123456789 or -1001234567890, or @channelname')]),
      }),
    })
    .refine((s) => !s.telegram.enabled || s.telegram.chatId !== '', { message: 'Required to send to Telegram', path: ['telegram', 'chatId'] }),
});
export type Settings = z.infer<typeof Settings>;
export const settingsSections = Object.keys(Settings.shape) as (keyof Settings)[];

export const defaultSettings: Settings = {
  language: 'en',
  cafe: { name: 'My Café', receiptHeader: '', receiptFooter: 'Thank you!', receiptWidthMm: 58 },
  money: { currency: 'PHP', locale: 'en-PH' },
  vouchers: { length: 6, mode: 'code', passwordLength: 6 },
  branding: { logo: '', ssid: '', howToConnect: '' },
  payments: { wallets: ['GCash', 'Maya', 'QRIS'] },
  hotspot: { loginUrl: '' },
  radius: { interimIntervalS: 120, staleAfterIntervals: 3 },
  printing: { printerName: '', silent: false },
  desktop: { startWithSystem: true },
  backups: { everyHours: 24, keep: 14, folder: '' },
  lan: { enabled: false, address: '', port: 8080 },
  summary: { enabled: false, closingTime: '22:00', folder: '', telegram: { enabled: false, chatId: '' } },
};

// ---------------------------------------------------------------- audit

export const ActorKind = z.enum(['operator', 'router', 'pc-sync', 'system']);
export type ActorKind = z.infer<typeof ActorKind>;

export const AuditEntry = z.object({
  id: Id,
  at: EpochMs,
  actorKind: ActorKind,
  actorId: z.int().nullable(),
  actorName: z.string(),
  action: z.string(),
  entity: z.string(),
  entityId: z.int().nullable(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

// ---------------------------------------------------------------- reports

const Total = z.object({ count: z.int(), totalMinor: Minor });
export const Report = z.object({
  from: EpochMs,
  to: EpochMs,
  currency: z.string(),
  sales: Total,
  topups: Total,
  voids: Total,
  netMinor: Minor,
  /** Cash that should be in the drawer from these sales (cash payments minus cash voids). */
  cashExpectedMinor: Minor,
  byPackage: z.array(Total.extend({ packageId: Id, packageName: z.string() })),
  /** Per operator of the shift each row is in (a void counts for the drawer it leaves, not for who pressed Void): equal to their shifts' net. */
  byOperator: z.array(Total.extend({ operatorId: Id, operatorName: z.string() })),
  byPaymentMethod: z.array(Total.extend({ paymentMethod: PaymentMethod })),
  /** E-wallet sales split by e-wallet (GCash, Maya, …); they are also in byPaymentMethod's "e-wallet". */
  byWallet: z.array(Total.extend({ wallet: z.string() })),
  /** Self-service sales per payment source (coin slot, e-wallet gateway), voids netted; not in byOperator. */
  bySource: z.array(Total.extend({ sourceId: Id, sourceName: z.string(), kind: z.enum(['coin', 'e-wallet']) })),
  /** Payments a source signed (its device took the money) that the app refused, per source: no sale was made, so none of this is in the totals; refund or sell by hand. */
  refusedBySource: z.array(Total.extend({ sourceId: Id, sourceName: z.string(), kind: z.enum(['coin', 'e-wallet']) })),
  byHour: z.array(Total.extend({ hourStart: EpochMs })),
});
export type Report = z.infer<typeof Report>;

// ---------------------------------------------------------------- shifts

/** What one shift took: ledger rows of that shift, per kind and per payment method, and the cash that should be in the drawer. */
export const ShiftTotals = z.object({
  sales: Total,
  topups: Total,
  voids: Total,
  netMinor: Minor,
  byPaymentMethod: z.array(Total.extend({ paymentMethod: PaymentMethod })),
  /** E-wallet rows of this shift per e-wallet (also in byPaymentMethod's "e-wallet"), to match with each e-wallet's statement. */
  byWallet: z.array(Total.extend({ wallet: z.string() })),
  /** Cash sales and top-ups minus cash voids of this shift. */
  cashExpectedMinor: Minor,
});
export type ShiftTotals = z.infer<typeof ShiftTotals>;

export const ShiftView = z.object({
  id: Id,
  operatorId: Id,
  operatorName: z.string(),
  openedAt: EpochMs,
  closedAt: EpochMs.nullable(),
  closedById: Id.nullable(),
  closedByName: z.string().nullable(),
  totals: ShiftTotals,
  /** Counted in the drawer at close; null while open. */
  cashCountedMinor: Minor.nullable(),
  /** Counted − expected at close: above zero the drawer is over, below it short; null while open. */
  differenceMinor: Minor.nullable(),
  note: z.string().nullable(),
});
export type ShiftView = z.infer<typeof ShiftView>;

// ---------------------------------------------------------------- RADIUS

const Counts = z.record(z.string(), z.int().nonnegative());
export const RadiusStatus = z.object({
  listening: z.boolean(),
  host: z.string(),
  authPort: Port.nullable(),
  acctPort: Port.nullable(),
  /** Why the server is not listening (e.g. the port is taken). */
  error: z.string().nullable(),
  /** The last failed accounting commit, until one succeeds again. */
  lastWriteError: z.object({ at: EpochMs, message: z.string() }).nullable(),
  /** Datagrams dropped, per reason, over all sources. */
  drops: Counts,
  routers: z.array(
    z.object({
      routerId: Id,
      name: z.string(),
      ip: z.string(),
      lastSeenAt: EpochMs.nullable(),
      openConnections: z.int().nonnegative(),
      accessRequests: z.int().nonnegative(),
      accepts: z.int().nonnegative(),
      rejects: z.int().nonnegative(),
      accountingRequests: z.int().nonnegative(),
      accountingResponses: z.int().nonnegative(),
      duplicates: z.int().nonnegative(),
      drops: Counts,
      /** Status-Server probes answered (RFC 5997). */
      statusServers: z.int().nonnegative(),
      /** Device switches refused because this router did not confirm the old device gone in time (it does not answer Disconnects), and the last one. */
      switchesUnconfirmed: z.int().nonnegative(),
      lastSwitchUnconfirmedAt: EpochMs.nullable(),
    }),
  ),
});
export type RadiusStatus = z.infer<typeof RadiusStatus>;

// ---------------------------------------------------------------- PC sync (game-PC manager webhook)

/** When it happened: ISO 8601 with an offset, or epoch milliseconds. */
const When = z.union([z.iso.datetime({ offset: true, error: 'An ISO 8601 time with offset, or epoch ms' }), z.int().nonnegative()]);
export const PcEventData = z.object({
  pcUser: z.string().trim().min(1).max(64),
  station: z.string().trim().min(1).max(64).optional(),
  occurredAt: When,
});
export type PcEventData = z.infer<typeof PcEventData>;
export const pcEventTypes = ['pc.logout', 'pc.login'] as const;
export const WebhookEnvelope = z.object({
  type: z.string().min(1).max(64),
  data: z.unknown(),
});

export const WebhookEventView = z.object({
  id: z.string(),
  type: z.string(),
  receivedAt: EpochMs,
  occurredAt: EpochMs.nullable(),
  outcome: z.string(),
});
export type WebhookEventView = z.infer<typeof WebhookEventView>;

export const PcSyncStatus = z.object({
  listening: z.boolean(),
  host: z.string(),
  port: Port.nullable(),
  path: z.string(),
  /** Addresses the PC manager can post to (this PC's LAN addresses when listening on all of them). */
  urls: z.array(z.string()),
  error: z.string().nullable(),
  /** The shared secret the PC manager signs with (Standard Webhooks, whsec_…). */
  secret: z.string(),
  events: z.array(WebhookEventView),
});
export type PcSyncStatus = z.infer<typeof PcSyncStatus>;

// ---------------------------------------------------------------- self-service (payment sources and their events)

/** A coin acceptor (piso WiFi) or an e-wallet gateway: its sales are paid 'coin' or 'e-wallet'. */
export const paymentSourceKinds = ['coin', 'e-wallet'] as const;
export const PaymentSourceKind = z.enum(paymentSourceKinds);
export type PaymentSourceKind = z.infer<typeof PaymentSourceKind>;

/** What a payment event's `source` says: lower-case letters, digits and dashes, fixed once the source exists. */
export const PaymentSourceKey = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Lower-case letters, digits and dashes (e.g. coin-door), at most 32');

/** A source's settings; the defaults are the create form's (an update changes only what it names). */
const PaymentSourceFields = {
  name: name(48),
  kind: PaymentSourceKind,
  enabled: z.boolean(),
  /** The packages its events may buy (an event names one, or gets the default). */
  packageIds: z.array(Id).min(1, 'Pick at least one package').max(50),
  /** What an event without a packageId buys: usually a per-unit package ("₱5 per 100 MB"). */
  defaultPackageId: Id,
  /** Refuse events once this much was taken today (this PC's day); null: no cap. */
  dailyCapMinor: z.int().positive('More than 0, or no cap').max(1e12).nullable(),
  /** The router whose Hotspot its customers are on (the gate opens there); null: find the device on the routers with API access. */
  routerId: Id.nullable(),
};

const defaultIsAllowed = (s: { packageIds?: number[] | undefined; defaultPackageId?: number | undefined }) =>
  s.packageIds === undefined || s.defaultPackageId === undefined || s.packageIds.includes(s.defaultPackageId);
const defaultIsAllowedIssue = { message: 'The default package must be one it may sell', path: ['defaultPackageId'] };

export const PaymentSourceInput = z
  .object({
    key: PaymentSourceKey,
    ...PaymentSourceFields,
    enabled: PaymentSourceFields.enabled.default(true),
    dailyCapMinor: PaymentSourceFields.dailyCapMinor.default(null),
    routerId: PaymentSourceFields.routerId.default(null),
  })
  .refine(defaultIsAllowed, defaultIsAllowedIssue);
export type PaymentSourceInput = z.input<typeof PaymentSourceInput>;

/** A change to a source; the key stays (the vendor's device sends it). */
export const PaymentSourceUpdate = z
  .object({ id: Id, ...PaymentSourceFields })
  .partial()
  .required({ id: true })
  .refine(defaultIsAllowed, defaultIsAllowedIssue);
export type PaymentSourceUpdate = z.input<typeof PaymentSourceUpdate>;

export const PaymentSourceView = z.object({
  id: Id,
  key: z.string(),
  name: z.string(),
  kind: PaymentSourceKind,
  enabled: z.boolean(),
  packageIds: z.array(Id),
  defaultPackageId: Id,
  dailyCapMinor: Minor.nullable(),
  routerId: Id.nullable(),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  /** Its sales today (this PC's day), net of voids: what the cap counts. */
  today: z.object({ count: z.int().nonnegative(), totalMinor: Minor }),
  lastEventAt: EpochMs.nullable(),
  /** Events refused since the app started (bad signature, stale, over the cap, …) and the last reason: for setting a vendor up. */
  refused: z.object({ count: z.int().nonnegative(), lastAt: EpochMs.nullable(), lastReason: z.string().nullable() }),
});
export type PaymentSourceView = z.infer<typeof PaymentSourceView>;

/** How the gate was opened for a payment event's device: the router's API, the login page's MAC login, or not needed (already online). */
export const GatePath = z.enum(['router-api', 'login-page', 'already-online']);
export type GatePath = z.infer<typeof GatePath>;

export const PaymentEventView = z.object({
  sourceId: Id,
  sourceName: z.string(),
  eventId: z.string(),
  receivedAt: EpochMs,
  occurredAt: EpochMs,
  mac: z.string(),
  ip: z.string().nullable(),
  amountMinor: Minor,
  packageName: z.string(),
  reference: z.string().nullable(),
  saleId: Id,
  sessionId: Id,
  voucherCode: z.string(),
  /** A new MAC-bound session, or a top-up of the device's live one. */
  outcome: z.enum(['new', 'topup']),
  gate: GatePath.nullable(),
  /** When the router took the login (router-api), or when the device came online (login-page). */
  gateAt: EpochMs.nullable(),
  gateError: z.string().nullable(),
});
export type PaymentEventView = z.infer<typeof PaymentEventView>;

/** A payment a source signed that the app refused (no sale was made; the money is in its device), and how the counter settled it. */
export const RefusedPaymentView = z.object({
  sourceId: Id,
  sourceName: z.string(),
  kind: PaymentSourceKind,
  eventId: z.string(),
  /** With the source and event id, what names this payment (another payment under a reused id is another row). */
  paymentSha256: z.string(),
  receivedAt: EpochMs,
  lastAt: EpochMs,
  tries: z.int().positive(),
  mac: z.string(),
  amountMinor: Minor,
  /** The package the event named (null: none, or refused before this was kept). */
  packageId: Id.nullable(),
  packageName: z.string().nullable(),
  reference: z.string().nullable(),
  reason: z.string(),
  /** null: still to settle. */
  settled: z.enum(['refunded', 'sold']).nullable(),
  settledAt: EpochMs.nullable(),
  settledByName: z.string().nullable(),
  settledNote: z.string().nullable(),
  /** Sold by hand: the sale, and the voucher of its session. */
  saleId: Id.nullable(),
  voucherCode: z.string().nullable(),
});
export type RefusedPaymentView = z.infer<typeof RefusedPaymentView>;

/** The body of `POST /payments/events` (signed like the PC-sync webhook, with the source's secret). */
export const PaymentEventBody = z.object({
  source: PaymentSourceKey,
  mac: Mac,
  ip: IpAddress.optional(),
  amountMinor: z.int().positive('More than 0').max(1e12),
  packageId: Id.optional(),
  /** When the customer paid: epoch ms or an ISO 8601 time. */
  occurredAt: When,
  reference: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[\x21-\x7e][\x20-\x7e]*$/, 'Printable ASCII only')
    .optional(),
});
export type PaymentEventBody = z.infer<typeof PaymentEventBody>;

// ---------------------------------------------------------------- backups

export const BackupView = z.object({ name: z.string(), sizeBytes: Bytes, createdAt: EpochMs });
export type BackupView = z.infer<typeof BackupView>;

// ---------------------------------------------------------------- daily summary

/** The daily summary's state: what was written and sent, what is due, what went wrong (never the bot token). */
export const SummaryStatus = z.object({
  enabled: z.boolean(),
  /** The folder summary files go to. */
  dir: z.string(),
  /** When the next scheduled summary is due (this PC's clock); null while off. */
  nextDueAt: EpochMs.nullable(),
  /** The last day (YYYY-MM-DD, local) whose closing summary was made. */
  lastDay: z.string().nullable(),
  lastWrittenAt: EpochMs.nullable(),
  lastFile: z.string().nullable(),
  telegramTokenSet: z.boolean(),
  lastSentAt: EpochMs.nullable(),
  /** Telegram messages still to send, and when the next attempt is. */
  sendsPending: z.int().nonnegative(),
  nextAttemptAt: EpochMs.nullable(),
  /** The last failure (writing or sending), until the next success. */
  lastError: z.string().nullable(),
});
export type SummaryStatus = z.infer<typeof SummaryStatus>;

// ---------------------------------------------------------------- status

export const Status = z.object({
  version: z.string(),
  startedAt: EpochMs,
  database: z.object({ ok: z.boolean(), path: z.string(), sizeBytes: Bytes, error: z.string().nullable() }),
  liveSessions: z.int().nonnegative(),
  radius: RadiusStatus.pick({ listening: true, host: true, authPort: true, acctPort: true, error: true, lastWriteError: true }),
  webhook: z.object({ listening: z.boolean(), port: Port.nullable(), lastEventAt: EpochMs.nullable() }),
  /** Disconnect/CoA requests not yet confirmed; `failing`: those that already failed at least once. */
  disconnects: z.object({ pending: z.int().nonnegative(), failing: z.int().nonnegative() }),
  /** How router and webhook secrets are kept at rest; `warning` when that is weaker than it should be. */
  secrets: z.object({ protection: z.enum(['os-keyring', 'weak', 'none']), warning: z.string().nullable() }),
  backups: z.object({ dir: z.string().nullable(), lastAt: EpochMs.nullable(), error: z.string().nullable() }),
  /** Self-service payments refused (the money in the device, no sale) and not yet settled at the counter, whenever they came. */
  refusedPayments: z.object({ count: z.int().nonnegative(), totalMinor: Minor }),
});
export type Status = z.infer<typeof Status>;
