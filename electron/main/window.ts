import { BrowserWindow, screen } from 'electron';
import { APP_ENTRY_URL } from './app-origin';
import { loadWindowState, trackWindowState } from './window-state';

/** What the main window needs from the app: its preload and where its placement is kept. */
export interface MainWindowOptions {
  /** The bundled preload script (`AppPaths.preload`). */
  preloadPath: string;
  /** The window-state file in userData (`WINDOW_STATE_FILE_NAME`). */
  windowStateFile: string;
}

/**
 * Open the workstation window on `app://workstation/index.html`, where and as large as the
 * coder last left it. The renderer gets no Node, runs sandboxed in an isolated world, and
 * reaches the platform only through the preload's `window.desktop` bridge. Call after `ready`
 * (the display list is needed).
 */
export function createMainWindow({ preloadPath, windowStateFile }: MainWindowOptions): BrowserWindow {
  const state = loadWindowState(windowStateFile, screen.getAllDisplays());
  const window = new BrowserWindow({
    title: 'Coder Workstation',
    width: state.width,
    height: state.height,
    // Without a position Electron centres the window; pass x and y only together.
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
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
  trackWindowState(window, windowStateFile);
  window.once('ready-to-show', () => {
    if (state.isMaximized) window.maximize();
    window.show();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}
