import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  Menu: { buildFromTemplate: vi.fn((template: unknown) => ({ template })), setApplicationMenu: vi.fn() },
  BrowserWindow: { getFocusedWindow: vi.fn() },
}));
vi.mock('electron', () => electron);

const { MENU_COMMAND_ITEMS, buildAppMenuTemplate, installAppMenu, sendMenuCommand } = await import('../../electron/main/app-menu');
const { MENU_COMMANDS } = await import('../../electron/shared/ipc-contract');

/** Every item of a template, submenus included, in order. */
function allItems(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? allItems(item.submenu) : [])]);
}
const byLabel = (template: MenuItemConstructorOptions[], label: string) => allItems(template).find((i) => i.label === label);
const roles = (template: MenuItemConstructorOptions[]) => allItems(template).flatMap((i) => (i.role ? [i.role] : []));

/** A focused window's renderer, showing `url`. */
function fakeContents(url = 'app://workstation/index.html') {
  return { send: vi.fn(), getURL: () => url };
}

/** Install the menu as the app does and return its template. */
function installed(options = { platform: 'linux' as NodeJS.Platform, isPackaged: true }): MenuItemConstructorOptions[] {
  installAppMenu(options);
  const [[template]] = electron.Menu.buildFromTemplate.mock.calls as unknown as [[MenuItemConstructorOptions[]]];
  return template;
}

beforeEach(() => {
  electron.Menu.buildFromTemplate.mockClear();
  electron.Menu.setApplicationMenu.mockClear();
  electron.BrowserWindow.getFocusedWindow.mockReset();
});

describe('the application menu', () => {
  it.each([
    ['Focus search', 'CmdOrCtrl+K'],
    ['Next encounter', 'CmdOrCtrl+J'],
    ['Finish encounter', 'CmdOrCtrl+Enter'],
    ['Sync now', 'CmdOrCtrl+Shift+S'],
    ['Import code sets…', 'CmdOrCtrl+I'],
  ])('offers %s on %s', (label, accelerator) => {
    expect(byLabel(installed(), label)?.accelerator).toBe(accelerator);
  });

  it('has an item for every menu command of the contract, and lists the two screens', () => {
    const template = installed();
    for (const command of MENU_COMMANDS) expect(byLabel(template, MENU_COMMAND_ITEMS[command].label)).toBeDefined();
    expect(byLabel(template, 'Code sets')).toBeDefined();
    expect(byLabel(template, 'Lookup')).toBeDefined();
  });

  it('is installed as the application menu, replacing Electron’s default one', () => {
    installed();
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(electron.Menu.buildFromTemplate.mock.results[0]?.value);
  });

  it.each(MENU_COMMANDS)('clicking %s sends exactly that command to the focused window on menu:command', (command) => {
    const contents = fakeContents();
    electron.BrowserWindow.getFocusedWindow.mockReturnValue({ webContents: contents });
    const click = byLabel(installed(), MENU_COMMAND_ITEMS[command].label)?.click as () => void;
    click();
    expect(contents.send.mock.calls).toEqual([['menu:command', command]]);
  });

  it('sends nothing, and does not throw, when no window is focused', () => {
    electron.BrowserWindow.getFocusedWindow.mockReturnValue(null);
    const click = byLabel(installed(), 'Sync now')?.click as () => void;
    expect(() => click()).not.toThrow();
  });

  it('has the standard Edit roles and zoom, in development and packaged', () => {
    for (const isPackaged of [true, false]) {
      const template = installed({ platform: 'win32', isPackaged });
      expect(roles(template)).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll', 'resetZoom', 'zoomIn', 'zoomOut', 'windowMenu', 'about']),
      );
      electron.Menu.buildFromTemplate.mockClear();
    }
  });

  it('offers reload and developer tools in development only', () => {
    expect(roles(installed({ platform: 'linux', isPackaged: false }))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    electron.Menu.buildFromTemplate.mockClear();
    const packaged = roles(installed({ platform: 'linux', isPackaged: true }));
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
    expect(packaged).not.toContain('toggleDevTools');
  });

  it('puts the macOS application menu first and Quit there, not in File', () => {
    const mac = buildAppMenuTemplate({ platform: 'darwin', isPackaged: true }, () => {});
    expect(mac[0]?.role).toBe('appMenu');
    expect(roles(mac)).toContain('close');
    expect(roles(mac)).not.toContain('quit');
    const linux = buildAppMenuTemplate({ platform: 'linux', isPackaged: true }, () => {});
    expect(roles(linux)).not.toContain('appMenu');
    expect(roles(linux)).toContain('quit');
  });
});

describe('sendMenuCommand', () => {
  it('refuses a name that is not a command of the contract', () => {
    const contents = fakeContents();
    expect(sendMenuCommand('delete-everything' as never, contents)).toBe(false);
    expect(contents.send).not.toHaveBeenCalled();
  });

  it.each(['https://evil.example/', 'devtools://devtools/bundled/inspector.html', 'about:blank'])(
    'does not send to a window showing %s',
    (url) => {
      const contents = fakeContents(url);
      expect(sendMenuCommand('sync-now', contents)).toBe(false);
      expect(contents.send).not.toHaveBeenCalled();
    },
  );
});
