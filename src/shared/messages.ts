/**
 * Plain-language validation messages, shown next to form fields at the counter.
 * Installed once into zod's global config by the schema module.
 */
import { z } from 'zod';

function describeType(input: unknown): string {
  if (input === undefined) return 'missing';
  if (input === null) return 'empty';
  if (Array.isArray(input)) return 'a list';
  return typeof input === 'string' ? 'text' : typeof input;
}

/** Installs the messages (idempotent). */
export function installValidationMessages(): void {
  z.config({
    customError: (iss) => {
      switch (iss.code) {
        case 'invalid_type':
          if (iss.input === undefined) return 'Required';
          if (iss.expected === 'int') return 'A whole number';
          return `Expected ${iss.expected === 'number' ? 'a number' : iss.expected}, got ${describeType(iss.input)}`;
        case 'too_small':
          if (iss.origin === 'string') return Number(iss.minimum) <= 1 ? 'Required' : `At least ${iss.minimum} characters`;
          if (iss.origin === 'number') return iss.inclusive ? `At least ${iss.minimum}` : `Must be above ${iss.minimum}`;
          return undefined;
        case 'too_big':
          if (iss.origin === 'string') return `At most ${iss.maximum} characters`;
          if (iss.origin === 'number') return iss.inclusive ? `At most ${iss.maximum}` : `Must be below ${iss.maximum}`;
          return undefined;
        case 'invalid_value':
          return `One of: ${iss.values.map(String).join(', ')}`;
        case 'unrecognized_keys':
          return `Unknown field${iss.keys.length > 1 ? 's' : ''}: ${iss.keys.join(', ')}`;
        default:
          return undefined;
      }
    },
  });
}
