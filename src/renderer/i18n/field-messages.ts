/**
 * What zod says next to a form's fields (required, too long, a whole number) in the language
 * shown now, read at each check so a change of language applies at once. English is the
 * core's own (zod's global config, src/shared/messages.ts); Filipino and Indonesian say the
 * same messages from the catalogs, and what the core leaves to zod (formats, unions, lists)
 * in zod's Indonesian locale, or, as zod ships no Filipino, in the catalogs' general words.
 * A message a schema writes out itself ("A key from 1 to 9") is kept: zod asks a parse's
 * error map only for the others; the ones a cashier meets are in the catalogs by their English
 * (errors.schema.*), and schemaSentence says them.
 */
import type { z } from 'zod';
import indonesian from 'zod/v4/locales/id.js';
import { validationMessage, type ValidationIssue } from '../../shared/messages';
import { catalogs, type MessageId } from '../../shared/i18n/catalog';
import { t } from './index';
import { shownLanguage, useLanguage } from './language';

const zodIndonesian = indonesian().localeError;

/** Filipino for what the core leaves to zod's locale: a format, else a value that is not right. */
function filipino(iss: ValidationIssue): string {
  if (iss.code === 'invalid_format') return t('errors.field.format');
  if (iss.code === 'too_big') return t('errors.field.atMost', { inclusive: iss.inclusive ? 'yes' : 'no', maximum: String(iss.maximum) });
  if (iss.code === 'too_small') return t('errors.field.atLeast', { inclusive: iss.inclusive ? 'yes' : 'no', minimum: String(iss.minimum) });
  return t('errors.field.invalid');
}

/** The error map for a parse in the language shown now; undefined in English (zod's global config says it). */
export function fieldMessages(): z.core.$ZodErrorMap | undefined {
  const language = shownLanguage(useLanguage.getState());
  if (language === 'en') return undefined;
  return (iss) => validationMessage(iss, t) ?? (language === 'id' ? zodIndonesian(iss) : filipino(iss));
}

const schemaEntries = Object.entries(catalogs.en).filter(([id]) => id.startsWith('errors.schema.')) as [MessageId, string][];
const ARGUMENT = /\{(\w+)\}/g;

/** The schemas' own sentences that the catalogs say in every language (errors.schema.*), by their English. */
const schemaSentences = new Map(schemaEntries.filter(([, english]) => !english.includes('{')).map(([id, english]) => [english, id]));

/** The ones a schema fills in ("At most {max} cards"): their English as a pattern that reads the values back. */
const schemaPatterns = schemaEntries
  .filter(([, english]) => english.includes('{'))
  .map(([id, english]) => {
    const names = [...english.matchAll(ARGUMENT)].map((m) => m[1]!);
    const source = english.split(ARGUMENT).map((part, i) => (i % 2 ? '(.+?)' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
    return { id, names, pattern: new RegExp(`^${source}$`) };
  });

/**
 * A message a schema writes out itself ("Give a reason", "Not a MAC address …", "At most 2,000
 * cards") in the language shown, found by its English in the catalogs; as written where they do not have it.
 */
export function schemaSentence(message: string): string {
  const id = schemaSentences.get(message);
  if (id) return t(id);
  for (const p of schemaPatterns) {
    const m = p.pattern.exec(message);
    if (m) return t(p.id, Object.fromEntries(p.names.map((name, i) => [name, m[i + 1]!])));
  }
  return message;
}
