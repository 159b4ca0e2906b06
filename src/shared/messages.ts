/**
 * Plain-language validation messages, shown next to form fields at the counter: the
 * catalogs' errors.field.* (src/shared/i18n/messages). Installed once, in English, into
 * zod's global config by the schema module; a till checking a form asks for them in its
 * operator's language (src/renderer/i18n/field-messages.ts).
 */
import { z } from 'zod';
import { translator, type Translate } from './i18n/translate';

/** An issue as zod hands it to an error map. */
export type ValidationIssue = Parameters<z.core.$ZodErrorMap>[0];

/** What a wrong value is, as the message names it (an ICU select key). */
function describeType(input: unknown): string {
  if (input === null) return 'empty';
  if (Array.isArray(input)) return 'list';
  return typeof input === 'string' ? 'text' : typeof input;
}

// A bound may be a bigint, which a catalog message does not take: as text, written as the English always wrote it.
const bound = (n: number | bigint) => String(n);

/** The message for `iss` in `say`'s language; undefined where zod's own words are left (formats, unions, lists). */
export function validationMessage(iss: ValidationIssue, say: Translate): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return say('errors.field.required');
      if (iss.expected === 'int') return say('errors.field.wholeNumber');
      return say('errors.field.type', { expected: iss.expected, got: describeType(iss.input) });
    case 'too_small':
      if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? say('errors.field.required') : say('errors.field.atLeastChars', { minimum: bound(iss.minimum) });
      if (iss.origin === 'number') return say('errors.field.atLeast', { inclusive: iss.inclusive ? 'yes' : 'no', minimum: bound(iss.minimum) });
      return undefined;
    case 'too_big':
      if (iss.origin === 'string') return say('errors.field.atMostChars', { maximum: bound(iss.maximum) });
      if (iss.origin === 'number') return say('errors.field.atMost', { inclusive: iss.inclusive ? 'yes' : 'no', maximum: bound(iss.maximum) });
      return undefined;
    case 'invalid_value':
      return say('errors.field.oneOf', { values: iss.values.map(String).join(', ') });
    case 'unrecognized_keys':
      return say('errors.field.unknown', { count: iss.keys.length, keys: iss.keys.join(', ') });
    default:
      return undefined;
  }
}

/** Installs the messages in English (idempotent). */
export function installValidationMessages(): void {
  const english = translator('en');
  z.config({ customError: (iss) => validationMessage(iss, english) });
}
