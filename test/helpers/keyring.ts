/** A stand-in for Electron's safeStorage: "encrypts" by reversing with a per-keyring tag, so the wrong keyring cannot open it. */
import type { KeyringLike } from '../../src/main/security/secret-box';

export function keyring(tag: string, backend = 'gnome_libsecret'): KeyringLike {
  return {
    isEncryptionAvailable: () => true,
    encryptString: (s) => Buffer.from(`${tag}|${[...s].reverse().join('')}`),
    decryptString(b) {
      const [t, body] = b.toString().split('|');
      if (t !== tag) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return [...body!].reverse().join('');
    },
    getSelectedStorageBackend: () => backend,
  };
}
