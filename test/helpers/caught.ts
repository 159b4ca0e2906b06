import { expect } from 'vitest';
import { AppError } from '../../src/shared/errors';

/** The error `p` rejects with, which must be an instance of `type` (AppError by default). */
export async function caught<T extends Error = AppError>(p: Promise<unknown>, type: abstract new (...args: never[]) => T = AppError as never): Promise<T> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(type);
  return e as T;
}
