/**
 * Errors that cross the contract. Every failure a caller can cause has a code, a
 * sentence an operator can read, and (for bad input) the message per field.
 */

export const errorCodes = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rule: 422,
  too_many_requests: 429,
  internal: 500,
  /** Something this call needs is not working right now (a backup folder that is gone, say). */
  unavailable: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;

/** Field path (dot-joined, e.g. `api.port`) → message shown next to that field. */
export type FieldErrors = Record<string, string>;

/** A schema's issues as field errors: the first message per dot-joined path, `_` for the input as a whole. Used by the core and the forms alike. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message;
  return fields;
}

/** The invalid_input error for schema issues: one message per field path, the first in the headline. */
export function invalidInput(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): AppError {
  const fields = fieldErrors(error.issues);
  const [firstPath, firstMessage] = Object.entries(fields)[0] ?? ['_', 'Invalid input'];
  const where = firstPath === '_' ? '' : `${firstPath}: `;
  return new AppError('invalid_input', `Invalid input — ${where}${firstMessage}`, fields);
}

/** Numbers a machine caller may act on (a coin slot showing the minimum), beside the sentence. */
export type ErrorDetails = Record<string, number | string>;

/** A message of the catalogs (src/shared/i18n/messages) by its id, with its ICU values: what the reader's language says. */
export interface Said {
  id: string;
  values?: Record<string, string | number>;
}

/** The catalog messages of an error beside its English: the headline's, and per field. A reader without them (an older till, a script) keeps the English. */
export interface ErrorSaid {
  message?: Said;
  fields?: Record<string, Said>;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors; details?: ErrorDetails; said?: ErrorSaid };
}

/** A failure the caller caused or must know about; never a bug. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly details: ErrorDetails | undefined;
  /** The same sentences as catalog messages, for the operator's language (src/shared/i18n/refusal.ts makes them). */
  readonly said: ErrorSaid | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, details?: ErrorDetails, said?: ErrorSaid) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.details = details;
    this.said = said;
  }

  get status(): number {
    return errorCodes[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}), ...(this.details ? { details: this.details } : {}), ...(this.said ? { said: this.said } : {}) } };
  }
}

/** A wire body's flat record of texts and numbers: an error's details, a catalog message's values. */
const isFlatRecord = (v: unknown): v is Record<string, string | number> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'number' || typeof x === 'string');

/** Rebuilds an AppError from a wire body; unknown shapes become `internal`. */
export function errorFromBody(body: unknown, fallbackMessage: string): AppError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
      const { code, message, fields, details, said } = e as { code: unknown; message: unknown; fields?: unknown; details?: unknown; said?: unknown };
      if (typeof code === 'string' && code in errorCodes && typeof message === 'string') {
        return new AppError(code as ErrorCode, message, isFieldErrors(fields) ? fields : undefined, isFlatRecord(details) ? details : undefined, errorSaid(said));
      }
    }
  }
  return new AppError('internal', fallbackMessage);
}

function isFieldErrors(v: unknown): v is FieldErrors {
  return typeof v === 'object' && v !== null && Object.values(v).every((m) => typeof m === 'string');
}

function isSaid(v: unknown): v is Said {
  if (typeof v !== 'object' || v === null || typeof (v as Said).id !== 'string') return false;
  const values = (v as Said).values;
  return values === undefined || isFlatRecord(values);
}

/** The catalog messages of a wire body, those that are well formed; undefined when none is. */
function errorSaid(v: unknown): ErrorSaid | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { message, fields } = v as { message?: unknown; fields?: unknown };
  const out: ErrorSaid = {};
  if (isSaid(message)) out.message = message;
  if (typeof fields === 'object' && fields !== null) {
    const good = Object.entries(fields).filter((f): f is [string, Said] => isSaid(f[1]));
    if (good.length) out.fields = Object.fromEntries(good);
  }
  return out.message || out.fields ? out : undefined;
}
