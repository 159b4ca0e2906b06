/**
 * Errors the core says in the catalogs' words: the English sentence for logs, scripts and
 * the API, and the message id with its values so a till shows it in its operator's language.
 */
import { AppError, type ErrorCode, type ErrorDetails, type FieldErrors, type Said } from '../errors';
import type { MessageId } from './catalog';
import { translator } from './translate';

/** A catalog message to say: its id and ICU values (amounts already written in the café's currency). */
export interface Refusal {
  id: MessageId;
  values?: Record<string, string | number>;
}

const english = translator('en');

/** An AppError whose headline is `message` and whose field errors are `fields`, each in English and by id. */
export function refusal(code: ErrorCode, message: Refusal, fields: Record<string, Refusal> = {}, details?: ErrorDetails): AppError {
  const say = (m: Refusal): Said => (m.values ? { id: m.id, values: m.values } : { id: m.id });
  const named = Object.entries(fields);
  const text: FieldErrors = Object.fromEntries(named.map(([f, m]) => [f, english(m.id, m.values)]));
  return new AppError(code, english(message.id, message.values), named.length ? text : undefined, details, {
    message: say(message),
    ...(named.length ? { fields: Object.fromEntries(named.map(([f, m]) => [f, say(m)])) } : {}),
  });
}
