import type { MenuCommand } from './desktop-api';

/**
 * The application menu's keyboard shortcuts, for browser mode. Under Electron the menu in
 * electron/main/app-menu.ts owns these accelerators; a browser has no menu, so the same keys
 * are matched here. test/electron/desktop-api-parity.test.ts fails if the two disagree.
 */
export interface MenuShortcut {
  /** `KeyboardEvent.key`, lower-cased. */
  key: string;
  shift: boolean;
  command: MenuCommand;
}

/** Every shortcut, with Cmd (macOS) or Ctrl (elsewhere) held, as Electron's `CmdOrCtrl` means. */
export const MENU_SHORTCUTS: readonly MenuShortcut[] = [
  { key: 'k', shift: false, command: 'focus-search' },
  { key: 'j', shift: false, command: 'next-encounter' },
  { key: 'enter', shift: false, command: 'finish-encounter' },
  { key: 's', shift: true, command: 'sync-now' },
  { key: 'i', shift: false, command: 'import-code-sets' },
];

/** The parts of a `KeyboardEvent` a shortcut is matched on. */
export interface ShortcutKey {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The menu command a key press stands for, or null. The primary modifier is Cmd on macOS and
 * Ctrl elsewhere, alone: Ctrl+Cmd or Alt combinations are other programs' shortcuts (and
 * AltGr on European layouts reports Ctrl+Alt).
 */
export function menuCommandForKey(event: ShortcutKey, isMac: boolean): MenuCommand | null {
  const primary = isMac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  if (!primary || event.altKey) return null;
  const key = event.key.toLowerCase();
  return MENU_SHORTCUTS.find((s) => s.key === key && s.shift === event.shiftKey)?.command ?? null;
}

/** Whether the browser runs on macOS, where shortcuts use Cmd instead of Ctrl. */
export function isMacPlatform(platform: string): boolean {
  return /^mac/i.test(platform);
}
