import { app, BrowserWindow, session } from 'electron';
import { handleAppProtocol, registerAppScheme } from './app-protocol';
import { resolveAppPaths } from './app-paths';
import { registerIpcHandlers } from './ipc-handlers';
import { denyPermissionRequests, guardWebContents } from './navigation-guard';
import { createMainWindow } from './window';

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
    mainWindow = createMainWindow(paths.preload);
    mainWindow.on('closed', () => (mainWindow = null));
  };

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents));

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
    registerIpcHandlers();
    openMainWindow();
    // macOS: clicking the dock icon with no window open reopens it. Registered after `ready`
    // because a window cannot be created before.
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openMainWindow();
    });
  });
}
