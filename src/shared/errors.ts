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

export interface ErrorBody {
  error: { code: ErrorCode; message: string; fields?: FieldErrors; details?: ErrorDetails };
}

/** A failure the caller caused or must know about; never a bug. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors | undefined;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, fields?: FieldErrors, details?: ErrorDetails) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
    this.details = details;
  }

  get status(): number {
    return errorCodes[this.code];
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}), ...(this.details ? { details: this.details } : {}) } };
  }
}

/** Rebuilds an AppError from a wire body; unknown shapes become `internal`. */
export function errorFromBody(body: unknown, fallbackMessage: string): AppError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (typeof e === 'object' && e !== null && 'code' in e && 'message' in e) {
      const { code, message, fields } = e as { code: unknown; message: unknown; fields?: unknown };
      if (typeof code === 'string' && code in errorCodes && typeof message === 'string') {
        return new AppError(code as ErrorCode, message, isFieldErrors(fields) ? fields : undefined);
      }
    }
  }
  return new AppError('internal', fallbackMessage);
}

function isFieldErrors(v: unknown): v is FieldErrors {
  return typeof v === 'object' && v !== null && Object.values(v).every((m) => typeof m === 'string');
}
