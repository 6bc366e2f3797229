import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// credential-store imports only Electron's types: the cipher below stands in for safeStorage.
import { CREDENTIAL_FILE_NAME, createCredentialStore, type SecretCipher } from '../../electron/main/credential-store';

type Backend = ReturnType<SecretCipher['getSelectedStorageBackend']>;

/**
 * A safeStorage stand-in that really encrypts (AES-256-GCM under a per-"keyring" key), so the
 * file on disk is ciphertext as it would be with the OS key store. A second cipher made from
 * the same key reads what the first wrote, as the keyring would after a restart.
 */
function fakeSafeStorage({
  backend = 'gnome_libsecret',
  available = true,
  key = randomBytes(32),
}: { backend?: Backend; available?: boolean; key?: Buffer } = {}) {
  const cipher: SecretCipher & { key: Buffer } = {
    key,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString(plainText) {
      const iv = randomBytes(12);
      const aes = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([aes.update(plainText, 'utf8'), aes.final()]);
      return Buffer.concat([iv, aes.getAuthTag(), body]);
    },
    decryptString(encrypted) {
      const aes = createDecipheriv('aes-256-gcm', key, encrypted.subarray(0, 12));
      aes.setAuthTag(encrypted.subarray(12, 28));
      return Buffer.concat([aes.update(encrypted.subarray(28)), aes.final()]).toString('utf8');
    },
  };
  return cipher;
}

const SECRET = 'cw-billing-token-7f3a9c1e5b';

let directory: string;
beforeEach(() => (directory = mkdtempSync(join(tmpdir(), 'credential-store-'))));
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const fileOf = () => join(directory, CREDENTIAL_FILE_NAME);

describe('the credential store with a real key store', () => {
  it.each(['linux', 'darwin', 'win32'] as const)('keeps the credential across a restart on %s', async (platform) => {
    const cipher = fakeSafeStorage();
    const first = createCredentialStore({ directory, cipher, platform });
    await expect(first.storeCredential(SECRET)).resolves.toEqual({ stored: true });
    await expect(first.readCredential()).resolves.toBe(SECRET);
    // A new store is what the next start of the workstation sees.
    const afterRestart = createCredentialStore({ directory, cipher: fakeSafeStorage({ key: cipher.key }), platform });
    await expect(afterRestart.readCredential()).resolves.toBe(SECRET);
  });

  it('never writes the secret to disk in clear, and leaves no temporary file behind', async () => {
    await createCredentialStore({ directory, cipher: fakeSafeStorage(), platform: 'linux' }).storeCredential(SECRET);
    expect(readdirSync(directory)).toEqual([CREDENTIAL_FILE_NAME]);
    const bytes = readFileSync(fileOf());
    expect(bytes.includes(SECRET)).toBe(false);
    expect(bytes.includes(Buffer.from(SECRET).toString('base64'))).toBe(false);
    expect(bytes.includes(Buffer.from(SECRET, 'utf16le'))).toBe(false);
    // What is there is safeStorage's output, base64-encoded.
    expect(bytes.toString('utf8')).toMatch(/^[A-Za-z0-9+/]+=*$/);
  });

  it('forgets the credential on clear, on disk too', async () => {
    const cipher = fakeSafeStorage();
    const store = createCredentialStore({ directory, cipher, platform: 'darwin' });
    await store.storeCredential(SECRET);
    await store.clearCredential();
    await expect(store.readCredential()).resolves.toBeNull();
    expect(existsSync(fileOf())).toBe(false);
    await expect(createCredentialStore({ directory, cipher, platform: 'darwin' }).readCredential()).resolves.toBeNull();
  });

  it('does not ask for a Linux backend on other systems, where safeStorage has none', async () => {
    const cipher = fakeSafeStorage();
    cipher.getSelectedStorageBackend = () => {
      throw new Error('getSelectedStorageBackend is Linux-only');
    };
    await expect(createCredentialStore({ directory, cipher, platform: 'win32' }).storeCredential(SECRET)).resolves.toEqual({ stored: true });
  });
});

describe('the credential store without a secure key store', () => {
  it.each(['basic_text', 'unknown'] as const)('refuses to save on Linux with the %s backend and keeps it for this session only', async (backend) => {
    const cipher = fakeSafeStorage({ backend });
    const store = createCredentialStore({ directory, cipher, platform: 'linux' });
    const result = await store.storeCredential(SECRET);
    expect(result).toEqual({ stored: false, reason: 'plain-text-keyring', message: expect.stringMatching(/no secure key store/) });
    if (!result.stored) expect(result.message).toMatch(/sign-in .* each time it starts\.$/);
    expect(readdirSync(directory)).toEqual([]);
    await expect(store.readCredential()).resolves.toBe(SECRET);
    // Next start: nothing was saved, so the coder signs in again.
    await expect(createCredentialStore({ directory, cipher, platform: 'linux' }).readCredential()).resolves.toBeNull();
  });

  it('refuses when the OS reports encryption unavailable', async () => {
    const store = createCredentialStore({ directory, cipher: fakeSafeStorage({ available: false }), platform: 'darwin' });
    await expect(store.storeCredential(SECRET)).resolves.toMatchObject({ stored: false, reason: 'encryption-unavailable' });
    expect(readdirSync(directory)).toEqual([]);
    await expect(store.readCredential()).resolves.toBe(SECRET);
  });

  it('removes a file saved under an earlier keyring when a new sign-in cannot be saved', async () => {
    const key = randomBytes(32);
    await createCredentialStore({ directory, cipher: fakeSafeStorage({ key }), platform: 'linux' }).storeCredential('old-token');
    const now = createCredentialStore({ directory, cipher: fakeSafeStorage({ key, backend: 'basic_text' }), platform: 'linux' });
    await now.storeCredential(SECRET);
    expect(existsSync(fileOf())).toBe(false);
  });
});

describe('a damaged credential file', () => {
  it.each([
    ['not base64 at all', '%%% not a credential %%%'],
    ['empty', ''],
    ['base64 of plain text', Buffer.from(SECRET).toString('base64')],
    ['binary noise', randomBytes(64)],
  ])('reads as no credential when it is %s', async (_label, content) => {
    writeFileSync(fileOf(), content);
    const store = createCredentialStore({ directory, cipher: fakeSafeStorage(), platform: 'linux' });
    await expect(store.readCredential()).resolves.toBeNull();
  });

  it('reads as no credential when encrypted under another key (a new OS profile)', async () => {
    await createCredentialStore({ directory, cipher: fakeSafeStorage(), platform: 'win32' }).storeCredential(SECRET);
    await expect(createCredentialStore({ directory, cipher: fakeSafeStorage(), platform: 'win32' }).readCredential()).resolves.toBeNull();
  });

  it('is replaced by the next sign-in', async () => {
    writeFileSync(fileOf(), 'garbage');
    const cipher = fakeSafeStorage();
    await createCredentialStore({ directory, cipher, platform: 'linux' }).storeCredential(SECRET);
    await expect(createCredentialStore({ directory, cipher, platform: 'linux' }).readCredential()).resolves.toBe(SECRET);
  });
});
