import { join } from 'node:path';
import { app, BrowserWindow, safeStorage, session, shell } from 'electron';
import { installAppMenu } from './app-menu';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { resolveAppPaths } from './app-paths';
import { createCredentialStore } from './credential-store';
import { registerIpcHandlers } from './ipc-handlers';
import { denyPermissionRequests, guardWebContents } from './navigation-guard';
import { showSyncNotice } from './notifications';
import { createMainWindow } from './window';
import { WINDOW_STATE_FILE_NAME } from './window-state';

/*
 * App lifecycle only; each concern lives in its own module. The order matters: the scheme
 * and sandbox must be set up before `ready`, the protocol handler, IPC and window after.
 */

// One instance: two would open the same IndexedDB from two windows and race each other's writes.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  start();
}

function start(): void {
  registerAppScheme();
  // Every renderer sandboxed, even one created by code that forgets to ask for it.
  app.enableSandbox();

  const paths = resolveAppPaths({
    appPath: app.getAppPath(),
    resourcesPath: process.resourcesPath,
    isPackaged: app.isPackaged,
  });
  let mainWindow: BrowserWindow | null = null;
  const openMainWindow = () => {
    mainWindow = createMainWindow({
      preloadPath: paths.preload,
      windowStateFile: join(app.getPath('userData'), WINDOW_STATE_FILE_NAME),
    });
    mainWindow.on('closed', () => (mainWindow = null));
  };

  // Allowlisted links open in the coder's browser; a failure (no browser configured) is not
  // worth an unhandled rejection in main.
  const openExternal = (url: string) => void shell.openExternal(url).catch(() => {});
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, openExternal));

  // Windows shows notifications only for an app with an AppUserModelID; electron-builder gives
  // the installed shortcut the appId, so main must use the same one (electron-builder.yml).
  if (process.platform === 'win32') app.setAppUserModelId('org.coder-workstation.desktop');

  // A second launch (say, from the desktop icon again) brings the running window forward.
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    // macOS apps stay running with no window until the coder quits them.
    if (process.platform !== 'darwin') app.quit();
  });

  void app.whenReady().then(() => {
    handleAppProtocol(paths);
    denyPermissionRequests(session.defaultSession);
    // After `ready`: before it, safeStorage on Linux cannot tell a real keyring from none.
    const credentials = createCredentialStore({
      directory: app.getPath('userData'),
      cipher: safeStorage,
      platform: process.platform,
    });
    registerIpcHandlers({ credentials, showSyncNotice });
    installAppMenu({ platform: process.platform, isPackaged: app.isPackaged });
    openMainWindow();
    // macOS: clicking the dock icon with no window open reopens it. Registered after `ready`
    // because a window cannot be created before.
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });
}
