import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import type { CredentialRefusal, StoreCredentialResult } from '../../renderer/platform/desktop-api';
import { writeFileAtomic } from './atomic-file';

/** The file in userData holding the encrypted billing-server credential (base64 text). */
export const CREDENTIAL_FILE_NAME = 'billing-server-credential';

/** The parts of Electron's `safeStorage` the store uses; tests pass a fake. */
export type SecretCipher = Pick<SafeStorage, 'isEncryptionAvailable' | 'getSelectedStorageBackend' | 'encryptString' | 'decryptString'>;

/** Where and how the store keeps the credential. */
export interface CredentialStoreOptions {
  /** The directory for the file: `app.getPath('userData')`. */
  directory: string;
  /** Electron's `safeStorage`. Use it only after `ready`: before, Linux reports no backend. */
  cipher: SecretCipher;
  /** `process.platform`; only Linux has a plain-text backend to refuse. */
  platform: NodeJS.Platform;
}

/**
 * The billing-server credential, kept with the OS key store. Saved to disk only as
 * `safeStorage` ciphertext, and only where that ciphertext is protected by a real key store
 * (Keychain, DPAPI, libsecret or KWallet). Otherwise it lives in this process's memory until
 * the workstation closes, and the coder signs in at the next start.
 */
export interface CredentialStore {
  storeCredential(secret: string): Promise<StoreCredentialResult>;
  /** The credential, or null when none is kept or the file cannot be decrypted. Never throws for a bad file. */
  readCredential(): Promise<string | null>;
  clearCredential(): Promise<void>;
}

/**
 * Linux backends under which `safeStorage` "encrypts" with a password hard-coded in Chromium:
 * anyone who copies the file can read the secret. `unknown` means asked before `ready`, when
 * nothing is known about the keyring yet.
 */
const PLAIN_TEXT_BACKENDS: ReadonlySet<string> = new Set(['basic_text', 'unknown']);

const REFUSAL_MESSAGES: Record<Exclude<CredentialRefusal, 'browser-mode'>, string> = {
  'plain-text-keyring':
    'This computer has no secure key store, so the workstation cannot save your billing server sign-in and will ask for it each time it starts.',
  'encryption-unavailable':
    'The secure key store of this computer is not available, so the workstation cannot save your billing server sign-in and will ask for it each time it starts.',
};

/** Create the store. One per process: the in-memory copy lives in the returned object. */
export function createCredentialStore({ directory, cipher, platform }: CredentialStoreOptions): CredentialStore {
  const file = join(directory, CREDENTIAL_FILE_NAME);
  // This session's credential. Kept even when it is also on disk, so a failing disk or a
  // keyring locked mid-session does not sign the coder out.
  let inMemory: string | null = null;

  /** Why the credential must not go to disk, or null when the key store can protect it. */
  const refusal = (): Exclude<CredentialRefusal, 'browser-mode'> | null => {
    if (!cipher.isEncryptionAvailable()) return 'encryption-unavailable';
    // getSelectedStorageBackend exists only on Linux; do not call it elsewhere.
    if (platform === 'linux' && PLAIN_TEXT_BACKENDS.has(cipher.getSelectedStorageBackend())) return 'plain-text-keyring';
    return null;
  };

  return {
    async storeCredential(secret) {
      inMemory = secret;
      const reason = refusal();
      if (reason) {
        // A file saved earlier, under a real keyring, must not outlive a new sign-in.
        await rm(file, { force: true });
        return { stored: false, reason, message: REFUSAL_MESSAGES[reason] };
      }
      await mkdir(directory, { recursive: true });
      await writeFileAtomic(file, cipher.encryptString(secret).toString('base64'));
      return { stored: true };
    },

    async readCredential() {
      if (inMemory !== null) return inMemory;
      if (refusal()) return null;
      try {
        const text = await readFile(file, 'utf8');
        const secret = cipher.decryptString(Buffer.from(text.trim(), 'base64'));
        // A credential is never empty, so an empty result is a file we did not write.
        return secret === '' ? null : (inMemory = secret);
      } catch {
        // Missing, unreadable, not base64, or encrypted under another key (the OS profile or
        // keyring changed): all mean "no credential", and the coder signs in again.
        return null;
      }
    },

    async clearCredential() {
      inMemory = null;
      await rm(file, { force: true });
    },
  };
}
