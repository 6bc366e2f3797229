/**
 * The workstation's own origin. The UI is served from a custom `app://` scheme (never
 * `file://`) so it has a real, stable origin: IndexedDB, workers and the CSP's `'self'` all
 * key on it, and main can tell its own pages from anything else.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'workstation';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Where the main window starts. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` belongs to the workstation origin. Used to accept IPC only from our own
 * frames and to allow navigation only within the app. Compares parts instead of
 * `URL.origin`, which is `"null"` for schemes Node does not know; any userinfo or port is
 * refused because Chromium never produces one for our standard scheme.
 */
export function isAppOrigin(url: string | undefined | null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.hostname === APP_HOST &&
    parsed.port === '' &&
    parsed.username === '' &&
    parsed.password === ''
  );
}
