import type { Session, WebContents } from 'electron';
import { isAppOrigin } from './app-origin';
import { createWindowOpenHandler, type OpenExternal } from './external-links';

/**
 * Whether a page of ours may navigate to `url`: only within the workstation origin. The few
 * links out (external-links.ts) open in the coder's browser, never in the app; any other
 * navigation is a bug or an injected page trying to leave the CSP and the preload's narrow
 * bridge behind.
 */
export function isAllowedNavigation(url: string): boolean {
  return isAppOrigin(url);
}

/**
 * Lock down one web contents: no navigation away from the app, no redirects out of it, no
 * new windows and no `<webview>`. A link opened in a new window goes to the coder's browser
 * through `openExternal` when external-links.ts allows it. Attached from
 * `web-contents-created`, so every web contents gets it, not just the main window.
 */
export function guardWebContents(contents: WebContents, openExternal: OpenExternal): void {
  const refuseForeign = (event: { url: string; preventDefault(): void }) => {
    if (!isAllowedNavigation(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', refuseForeign);
  contents.on('will-redirect', refuseForeign);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(createWindowOpenHandler(openExternal));
}

/**
 * Refuse every permission a page asks for (camera, notifications, geolocation, …). The
 * renderer needs none today; grant one here, by name, when a feature really does.
 */
export function denyPermissionRequests(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
