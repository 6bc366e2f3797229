import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin';

/**
 * Open the workstation window on `app://workstation/index.html`. The renderer gets no Node,
 * runs sandboxed in an isolated world, and reaches the platform only through the preload's
 * `window.desktop` bridge.
 */
export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Coder Workstation',
    width: 1400,
    height: 900,
    // The screens are laid out for a desktop monitor; smaller is not a size we design for.
    minWidth: 960,
    minHeight: 600,
    // Shown on ready-to-show, so the coder never sees an empty white frame.
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      webviewTag: false,
      // Chromium's spellchecker downloads dictionaries on first use (the app is offline) and
      // would underline most clinical terms anyway.
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
