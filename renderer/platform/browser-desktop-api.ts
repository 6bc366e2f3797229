import type { DesktopApi, MenuCommand, PickedFile, StoreCredentialResult, SyncNotice } from './desktop-api';
import { isMacPlatform, menuCommandForKey } from './menu-keymap';
import { syncNoticeText } from './sync-notice-text';

/** Accepted release file types, as the Code sets import dialog offers them. */
export const RELEASE_FILE_ACCEPT = '.zip,.txt,.xml,.xlsx,.tsv';
export const DOCUMENT_ACCEPT = '.txt,.pdf';

/**
 * The billing-server credential in browser mode. A module variable, not sessionStorage or
 * localStorage: web storage is readable by every script of the origin for as long as it lasts,
 * survives reloads, and Chromium writes session storage to disk for session restore, so the
 * secret would land in the profile in clear. A variable dies with the page and is never written
 * anywhere; the price is signing in again after a reload.
 */
let sessionCredential: string | null = null;

/** The browser implementation of the platform port (browser mode and end-to-end tests). */
export const browserDesktopApi: DesktopApi = {
  platform: 'browser',
  pickReleaseFiles: () => pickFiles(RELEASE_FILE_ACCEPT),
  pickDocuments: () => pickFiles(DOCUMENT_ACCEPT),
  appVersion: async () => import.meta.env.VITE_APP_VERSION ?? 'dev',
  onMenuCommand: listenForMenuShortcuts,
  storeCredential: async (secret): Promise<StoreCredentialResult> => {
    sessionCredential = secret;
    return {
      stored: false,
      reason: 'browser-mode',
      message: 'In the browser the sign-in is kept only until this page closes, so you will be asked to sign in again next time.',
    };
  },
  readCredential: async () => sessionCredential,
  clearCredential: async () => {
    sessionCredential = null;
  },
  notify: async (notice) => showNotification(notice),
};

function pickFiles(accept: string): Promise<PickedFile[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = accept;
    input.addEventListener('cancel', () => resolve([]));
    input.addEventListener('change', () => {
      const files = [...(input.files ?? [])];
      Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) }))).then(resolve, reject);
    });
    input.click();
  });
}

/**
 * The menu's shortcuts, caught on `window` so browser mode answers the same keys as the
 * Electron menu. Bubble phase, so a focused widget that handles a key itself (and calls
 * preventDefault) keeps it; ours then calls preventDefault so the browser's own Ctrl+K
 * (address bar) or Ctrl+J (downloads) does not also fire.
 */
function listenForMenuShortcuts(listener: (command: MenuCommand) => void): () => void {
  const isMac = isMacPlatform(navigator.platform);
  const onKeyDown = (event: KeyboardEvent) => {
    // A held key repeats: one Ctrl+Enter must finish one encounter, not every one after it.
    // While an IME composes, Enter confirms the composition, not a command.
    if (event.defaultPrevented || event.repeat || event.isComposing) return;
    const command = menuCommandForKey(event, isMac);
    if (!command) return;
    event.preventDefault();
    listener(command);
  };
  window.addEventListener('keydown', onKeyDown);
  return () => window.removeEventListener('keydown', onKeyDown);
}

/**
 * Show a sync notice with the web Notification API, only when the coder already granted it to
 * this origin. Never asks: a permission prompt in the middle of coding is an interruption the
 * coder did not request, and browser mode works fine without notifications.
 */
function showNotification(notice: SyncNotice): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  const { title, body } = syncNoticeText(notice);
  new Notification(title, { body });
}
