/**
 * Secrets at rest (router RADIUS secrets, RouterOS API passwords, the webhook signing
 * secret): sealed with the operating system's keyring in the desktop app (Electron's
 * safeStorage: DPAPI on Windows, the Keychain on macOS, libsecret/kwallet on Linux),
 * kept as they are in headless serve mode. A sealed value is stored as
 * `sealed:v1:<base64>`; anything else is read as plain text (databases from before, or
 * from serve mode), and is sealed the next time the desktop app starts.
 */

/** How well secrets are protected at rest. */
export type Protection = 'os-keyring' | 'weak' | 'none';

export interface SecretBox {
  readonly protection: Protection;
  /** Why protection is weaker than it should be (shown to the café), or null. */
  readonly warning: string | null;
  /** The value to store for `plain`. */
  seal(plain: string): string;
  /** The secret behind a stored value; throws `secrets: …` when it cannot be unsealed (another PC or user). */
  open(stored: string): string;
  /** Whether a stored value is already sealed with this box's kind of sealing. */
  isSealed(stored: string): boolean;
}

const PREFIX = 'sealed:v1:';

/** Serve mode: stored as given (the data directory's permissions protect it). */
export const plainBox: SecretBox = {
  protection: 'none',
  warning: null,
  seal: (plain) => plain,
  open(stored) {
    if (stored.startsWith(PREFIX)) throw new Error('secrets: this value was sealed by the desktop app and cannot be read here');
    return stored;
  },
  isSealed: () => true,
};

/** What the box needs from Electron's safeStorage (the desktop shell passes the real one). */
export interface KeyringLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: which backend safeStorage uses ('basic_text' means a hard-coded key). */
  getSelectedStorageBackend?(): string;
}

/** Seals with the OS keyring; on Linux without one (basic_text), seals anyway but says it is weak. */
export function keyringBox(keyring: KeyringLike, platform: NodeJS.Platform): SecretBox {
  if (!keyring.isEncryptionAvailable()) {
    return { ...plainBox, protection: 'none', warning: 'Router and webhook secrets are stored unencrypted: this system offers no keyring.' };
  }
  const backend = platform === 'linux' ? keyring.getSelectedStorageBackend?.() : undefined;
  const weak = backend === 'basic_text' || backend === 'unknown';
  return {
    protection: weak ? 'weak' : 'os-keyring',
    warning: weak ? 'Router and webhook secrets are only obscured, not protected: no keyring (GNOME Keyring or KWallet) is running on this PC.' : null,
    seal: (plain) => PREFIX + keyring.encryptString(plain).toString('base64'),
    open(stored) {
      if (!stored.startsWith(PREFIX)) return stored;
      try {
        return keyring.decryptString(Buffer.from(stored.slice(PREFIX.length), 'base64'));
      } catch {
        throw new Error('secrets: a stored secret cannot be unsealed on this PC or by this user (enter it again in Settings)');
      }
    },
    isSealed: (stored) => stored.startsWith(PREFIX),
  };
}

/**
 * Waits up to `ms` for the keyring (at login on Linux the app can start before GNOME
 * Keyring or KWallet); resolves whether it is available.
 */
export async function waitForKeyring(keyring: Pick<KeyringLike, 'isEncryptionAvailable'>, ms: number, sleep = (t: number) => new Promise((r) => setTimeout(r, t))): Promise<boolean> {
  for (let waited = 0; !keyring.isEncryptionAvailable(); waited += 500) {
    if (waited >= ms) return false;
    await sleep(500);
  }
  return true;
}
