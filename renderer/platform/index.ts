import { browserDesktopApi } from './browser-desktop-api';
import type { DesktopApi } from './desktop-api';

declare global {
  interface Window {
    /** Set by the Electron preload bridge; absent in a browser. */
    desktop?: DesktopApi;
  }
}

/** The platform port for this run: Electron's bridge when present, else the browser's. */
export const desktop: DesktopApi = window.desktop ?? browserDesktopApi;
