import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/*
 * electron/main/index.ts run against a fake Electron: what it sets up before `ready`, and
 * that after `ready` every guard is in place before the window opens. Each module's own
 * behaviour is tested beside it; this checks the wiring.
 */

const electron = await vi.hoisted(async () => {
  const { EventEmitter } = await import('node:events');
  const order: string[] = [];
  let becomeReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (becomeReady = resolve));
  const app = Object.assign(new EventEmitter(), {
    isPackaged: true,
    userData: '',
    requestSingleInstanceLock: () => true,
    quit: vi.fn(),
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    getAppPath: () => '/opt/coder-workstation/resources/app.asar',
    getPath: (name: string) => (name === 'userData' ? app.userData : `/unused/${name}`),
    getVersion: () => '0.1.0',
    setAppUserModelId: vi.fn(),
    whenReady: () => ready,
  });
  class FakeBrowserWindow extends EventEmitter {
    static getAllWindows = () => [];
    static getFocusedWindow = () => null;
    static fromWebContents = () => null;
    constructor(readonly options: unknown) {
      super();
      order.push('BrowserWindow');
    }
    loadURL = vi.fn(async () => {});
    getNormalBounds = () => ({ x: 0, y: 0, width: 1400, height: 900 });
    isMaximized = () => false;
    isDestroyed = () => false;
  }
  return {
    order,
    becomeReady,
    app,
    BrowserWindow: FakeBrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')),
      handle: vi.fn(() => order.push('protocol.handle')),
    },
    session: { defaultSession: { setPermissionRequestHandler: vi.fn(() => order.push('setPermissionRequestHandler')) } },
    ipcMain: { handle: vi.fn((channel: string) => order.push(`ipcMain.handle ${channel}`)) },
    Menu: { buildFromTemplate: vi.fn(() => ({})), setApplicationMenu: vi.fn(() => order.push('setApplicationMenu')) },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    safeStorage: { isEncryptionAvailable: () => false, getSelectedStorageBackend: () => 'basic_text' },
    shell: { openExternal: vi.fn(async () => {}) },
    dialog: { showOpenDialog: vi.fn() },
    Notification: { isSupported: () => false },
  };
});
vi.mock('electron', () => electron);

let userData: string;
beforeAll(async () => {
  userData = mkdtempSync(join(tmpdir(), 'lifecycle-'));
  electron.app.userData = userData;
  // Electron sets this; plain Node does not have it.
  Object.defineProperty(process, 'resourcesPath', { value: '/opt/coder-workstation/resources', configurable: true });
  await import('../../electron/main/index');
});
afterAll(() => rmSync(userData, { recursive: true, force: true }));

describe('the app lifecycle', () => {
  it('registers the app:// scheme and sandboxes every renderer before ready', () => {
    expect(electron.order).toEqual(['registerSchemesAsPrivileged', 'enableSandbox']);
  });

  it('guards every web contents created, with the external-link allowlist in its window-open handler', () => {
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn() };
    electron.app.emit('web-contents-created', {}, contents);
    const events = contents.on.mock.calls.map(([name]) => name);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-redirect', 'will-attach-webview']));
    const [[handler]] = contents.setWindowOpenHandler.mock.calls as [[(d: { url: string }) => unknown]];
    expect(handler({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(handler({ url: 'https://www.cms.gov/' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://www.cms.gov/');
  });

  it('after ready, serves app://, denies permissions, handles IPC and installs the menu before opening the window', async () => {
    electron.becomeReady();
    await vi.waitFor(() => expect(electron.order).toContain('BrowserWindow'));
    const afterReady = electron.order.slice(2);
    expect(afterReady.at(-1)).toBe('BrowserWindow');
    expect(afterReady).toEqual(
      expect.arrayContaining([
        'protocol.handle',
        'setPermissionRequestHandler',
        'setApplicationMenu',
        'ipcMain.handle credential:store',
        'ipcMain.handle notify:sync',
      ]),
    );
  });
});
