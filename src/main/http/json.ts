/**
 * JSON in and out for the app's HTTP servers. Every error is the contract's
 * `{ error: { code, message, fields? } }` body.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../shared/errors';
import { readBody } from './body';

/**
 * Reads a JSON body of at most `maxBytes`; an empty body reads as {}. Rejects
 * `payload_too_large` (see readBody), `unsupported_media_type` for a body that is not
 * `application/json`, and `invalid_input` when it does not parse.
 */
export async function readJson(req: IncomingMessage, res: ServerResponse, maxBytes: number): Promise<unknown> {
  const body = await readBody(req, res, maxBytes);
  if (body.length === 0) return {};
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON (Content-Type: application/json)');
  }
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new AppError('invalid_input', 'The request body is not valid JSON');
  }
}

/** Sends a JSON response with its Content-Length. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/**
 * Sends an error's JSON body with its status (or `status`, when the server maps it). A 413
 * also says `Connection: close`: the rest of that body is never read, so Node closes the
 * connection once the answer is flushed. An error that says when to try again (a PIN lock)
 * also says it as Retry-After.
 */
export function sendError(res: ServerResponse, err: AppError, status = err.status): void {
  if (status === 413) res.setHeader('Connection', 'close');
  if (typeof err.details?.retryAfterS === 'number') res.setHeader('Retry-After', String(err.details.retryAfterS));
  sendJson(res, status, err.toBody());
}
