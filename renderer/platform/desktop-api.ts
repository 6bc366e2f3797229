/**
 * The renderer's one port to the platform. Nothing in renderer/ touches Electron or Node:
 * under Electron the preload bridge provides this object (see electron/preload), in a
 * browser `browserDesktopApi` does, and tests pass their own fakes.
 *
 * This file holds types only: electron/shared and the preload import them (`import type`),
 * which keeps one definition of each payload without main ever loading renderer code.
 */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/**
 * A command from the application menu or its keyboard shortcut. Under Electron the menu in
 * main sends it; in a browser the same shortcuts are caught on `window`. The renderer decides
 * what each one does on the screen showing (focus-search on a screen without a search box is
 * simply ignored).
 */
export type MenuCommand =
  | 'focus-search'
  | 'next-encounter'
  | 'finish-encounter'
  | 'sync-now'
  | 'import-code-sets'
  | 'show-code-sets'
  | 'show-lookup';

/** Why a billing-server credential was kept for this session only. */
export type CredentialRefusal =
  /** Linux without a keyring: Electron would "encrypt" with a key hard-coded in Chromium. */
  | 'plain-text-keyring'
  /** The OS key store exists but cannot be used now (locked keychain, no DPAPI profile). */
  | 'encryption-unavailable'
  /** Browser mode: there is no OS key store to reach. */
  | 'browser-mode';

/**
 * The outcome of saving the billing-server credential. `stored: false` is not an error: the
 * credential still works until the workstation closes, and `message` is one sentence to show
 * the coder saying why they will be asked to sign in again.
 */
export type StoreCredentialResult =
  | { stored: true }
  | { stored: false; reason: CredentialRefusal; message: string };

/**
 * A desktop notification about the outbox. `encounter` is shown on screen, possibly on a
 * locked screen and in the OS notification history, so callers pass the encounter's reference
 * (say, its worklist number), never the patient's name or other identifiers.
 */
export type SyncNotice =
  | { kind: 'finished'; count: number }
  | { kind: 'rejected'; encounter: string; reason: string };

export interface DesktopApi {
  readonly platform: 'electron' | 'browser';
  /** Ask the coder for official release files to import; resolves [] when cancelled. */
  pickReleaseFiles(): Promise<PickedFile[]>;
  /** Ask the coder for local documents (text or PDF) to add to an encounter; [] when cancelled. */
  pickDocuments(): Promise<PickedFile[]>;
  /** The workstation's version, for the About line and support requests. */
  appVersion(): Promise<string>;
  /**
   * Call `listener` with each menu command (menu click or shortcut) until the returned
   * function is called. Subscribe once per screen and unsubscribe on unmount.
   */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
  /** Keep the billing-server credential: encrypted on disk where the OS allows, else in memory. */
  storeCredential(secret: string): Promise<StoreCredentialResult>;
  /** The credential stored earlier (this session or, when it was saved to disk, a past one), or null. */
  readCredential(): Promise<string | null>;
  /** Forget the credential everywhere it was kept (sign out). */
  clearCredential(): Promise<void>;
  /** Show a desktop notification about a sync; quietly does nothing where notifications are unavailable. */
  notify(notice: SyncNotice): Promise<void>;
}
