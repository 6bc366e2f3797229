/**
 * Origins the workstation may open in the coder's browser: where CMS and CDC publish code-set
 * release notes. Everything else, including other pages of these sites' domains on another
 * host, is refused. Add an origin here, with a reason, only for a link the UI really shows.
 */
export const EXTERNAL_LINK_ORIGINS: readonly string[] = ['https://www.cms.gov', 'https://www.cdc.gov'];

/**
 * Whether `url` may be handed to the OS to open: https, on an allowlisted origin, with no
 * user name, password or explicit port (`https://www.cms.gov@evil.example/` parses with host
 * evil.example, but a URL that even looks like that is refused).
 */
export function isAllowedExternalLink(url: string, allowedOrigins: readonly string[] = EXTERNAL_LINK_ORIGINS): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (
    parsed.protocol === 'https:' &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === '' &&
    allowedOrigins.includes(parsed.origin)
  );
}

/** Opens a URL in the coder's default browser: `shell.openExternal` in the app, a fake in tests. */
export type OpenExternal = (url: string) => void;

/**
 * The `setWindowOpenHandler` callback: a link the page opens in a new window (`target="_blank"`
 * or `window.open`) goes to the coder's browser when it is allowlisted, and no Electron window
 * is ever created, for it or for anything else.
 */
export function createWindowOpenHandler(openExternal: OpenExternal): (details: { url: string }) => { action: 'deny' } {
  return ({ url }) => {
    if (isAllowedExternalLink(url)) openExternal(url);
    return { action: 'deny' };
  };
}
