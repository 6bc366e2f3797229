import { BrowserWindow, Menu, type MenuItemConstructorOptions, type WebContents } from 'electron';
import type { MenuCommand } from '../../renderer/platform/desktop-api';
import { RENDERER_EVENT_CHANNELS, RENDERER_EVENT_SCHEMAS } from '../shared/ipc-contract';
import { isAppOrigin } from './app-origin';

/**
 * Label and accelerator of each coder command in the menu. A `Record` over `MenuCommand`, so a
 * new command does not compile until it has a menu entry. Browser mode matches the same keys
 * in renderer/platform/menu-keymap.ts. The two screens have no shortcut yet: none was asked
 * for, and Ctrl+digit belongs to the browser's tabs in browser mode.
 */
export const MENU_COMMAND_ITEMS: Readonly<Record<MenuCommand, { label: string; accelerator?: string }>> = {
  'focus-search': { label: 'Focus search', accelerator: 'CmdOrCtrl+K' },
  'next-encounter': { label: 'Next encounter', accelerator: 'CmdOrCtrl+J' },
  'finish-encounter': { label: 'Finish encounter', accelerator: 'CmdOrCtrl+Enter' },
  'sync-now': { label: 'Sync now', accelerator: 'CmdOrCtrl+Shift+S' },
  'import-code-sets': { label: 'Import code sets…', accelerator: 'CmdOrCtrl+I' },
  'show-code-sets': { label: 'Code sets' },
  'show-lookup': { label: 'Lookup' },
};

/** What the menu depends on, as plain values so both variants can be tested. */
export interface AppMenuOptions {
  /** `process.platform`: macOS gets its application menu and Close instead of Quit. */
  platform: NodeJS.Platform;
  /** `app.isPackaged`: reload and developer tools exist only in development. */
  isPackaged: boolean;
}

/** The renderer a menu command goes to: a page's `send` and `getURL`. */
export type CommandTarget = Pick<WebContents, 'send' | 'getURL'>;

/**
 * Send a menu command to one renderer on the contract's `menu:command` channel. The command is
 * checked against the contract first, and it goes only to a page of our own origin (a focused
 * window showing anything else gets nothing). Returns whether it was sent.
 */
export function sendMenuCommand(command: MenuCommand, target: CommandTarget | null | undefined): boolean {
  const parsed = RENDERER_EVENT_SCHEMAS[RENDERER_EVENT_CHANNELS.menuCommand].safeParse(command);
  if (!parsed.success || !target || !isAppOrigin(target.getURL())) return false;
  target.send(RENDERER_EVENT_CHANNELS.menuCommand, parsed.data);
  return true;
}

/**
 * The application menu: File, Edit, Encounter, View, Window and Help (plus the application menu
 * on macOS). Coder commands call `onCommand`; everything else is a built-in role.
 */
export function buildAppMenuTemplate(
  { platform, isPackaged }: AppMenuOptions,
  onCommand: (command: MenuCommand) => void,
): MenuItemConstructorOptions[] {
  const isMac = platform === 'darwin';
  const item = (command: MenuCommand): MenuItemConstructorOptions => ({
    ...MENU_COMMAND_ITEMS[command],
    click: () => onCommand(command),
  });
  // Reload would drop unsaved coding; devtools would let anyone at the desk script the page.
  // Both are for developers, and a packaged build must not offer them by menu or shortcut.
  const developerItems: MenuItemConstructorOptions[] = isPackaged
    ? []
    : [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }];

  return [
    ...(isMac ? [{ role: 'appMenu' } satisfies MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [item('import-code-sets'), item('sync-now'), { type: 'separator' }, isMac ? { role: 'close' } : { role: 'quit' }],
    },
    {
      label: 'Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        item('focus-search'),
      ],
    },
    { label: 'Encounter', submenu: [item('next-encounter'), item('finish-encounter')] },
    {
      label: 'View',
      submenu: [
        item('show-lookup'),
        item('show-code-sets'),
        { type: 'separator' },
        ...developerItems,
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
      ],
    },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ role: 'about' }] },
  ];
}

/**
 * Install the application menu. Call after `ready`. Without it Electron installs its default
 * menu, which offers reload and developer tools even in a packaged build.
 */
export function installAppMenu(options: AppMenuOptions): void {
  const template = buildAppMenuTemplate(options, (command) =>
    sendMenuCommand(command, BrowserWindow.getFocusedWindow()?.webContents),
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
