/**
 * Serve mode's API token, kept in the data directory (`serve-token`, readable by this user
 * only), so a browser till keeps working across a restart or a power cut. Made once, on
 * the first start without --token; --token (or IWAS_TOKEN) overrides it without touching it.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TOKEN_FILE = 'serve-token';

/** What a stored token must look like (as --token: 8+ printable characters without spaces). */
const VALID = /^[\x21-\x7e]{8,200}$/;

/** The stored token, made (0600) when there is none or it is unreadable as a token; throws when the file cannot be read or written. */
export function storedToken(dataDir: string, log: { warn(message: string): void }): string {
  const file = join(dataDir, TOKEN_FILE);
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`serve: cannot read the API token in ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (text !== null && VALID.test(text)) {
    chmodSync(file, 0o600);
    return text;
  }
  if (text !== null) log.warn(`the API token in ${file} was not a token; a new one is made (browser tills must be given it again)`);
  return replaceStoredToken(dataDir);
}

/** Makes and stores (0600, atomically) a new API token; the old one stops working once the server uses the new one. */
export function replaceStoredToken(dataDir: string): string {
  const file = join(dataDir, TOKEN_FILE);
  const token = randomBytes(24).toString('base64url');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${token}\n`, { mode: 0o600 });
  chmodSync(temp, 0o600);
  renameSync(temp, file);
  return token;
}
