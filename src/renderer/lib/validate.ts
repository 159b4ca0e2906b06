/**
 * A form's whole draft checked with the same schema the core parses it with, before the
 * call: every field's problem shows at once, instead of the form's own checks first and
 * the core's in a second round.
 */
import type { z } from 'zod';
import { fieldErrors, type FieldErrors } from '../../shared/errors';
import { fieldMessages, schemaSentence } from '../i18n/field-messages';

/** One message per field path ("name", "api.port"), as the core reports them, in the language shown; empty when `input` is valid. */
export function schemaErrors(schema: z.ZodType, input: unknown): FieldErrors {
  const parsed = schema.safeParse(input, { error: fieldMessages() });
  return parsed.success ? {} : fieldErrors(parsed.error.issues.map((issue) => ({ path: issue.path, message: schemaSentence(issue.message) })));
}

/** The schema's errors and the form's own (a number or unit it could not read), the form's first: one round of errors. */
export function allErrors(schema: z.ZodType, input: unknown, own: FieldErrors): FieldErrors {
  return { ...schemaErrors(schema, input), ...own };
}
