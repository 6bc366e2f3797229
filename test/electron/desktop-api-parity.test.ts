import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MenuCommand, SyncNotice } from '../../renderer/platform/desktop-api';

/*
 * The two implementations of the renderer's DesktopApi port must behave the same: the
 * Electron side (menu, notifications in main) and browser mode (renderer/platform). Main may
 * not import renderer code, so each side has its own table; these tests hold them together.
 */

vi.mock('electron', () => ({
  Menu: { buildFromTemplate: vi.fn(), setApplicationMenu: vi.fn() },
  BrowserWindow: { getFocusedWindow: vi.fn() },
  Notification: { isSupported: () => false },
}));

const { MENU_COMMAND_ITEMS } = await import('../../electron/main/app-menu');
const { syncNoticeText: mainNoticeText } = await import('../../electron/main/notifications');
const { MENU_SHORTCUTS, menuCommandForKey } = await import('../../renderer/platform/menu-keymap');
const { syncNoticeText: browserNoticeText } = await import('../../renderer/platform/sync-notice-text');
const { browserDesktopApi } = await import('../../renderer/platform/browser-desktop-api');

/** The key press an Electron accelerator such as `CmdOrCtrl+Shift+S` stands for. */
function keyPressFor(accelerator: string, isMac: boolean) {
  const parts = accelerator.split('+');
  const key = parts.at(-1) ?? '';
  const shiftKey = parts.includes('Shift');
  const primary = parts.includes('CmdOrCtrl');
  return {
    // A browser reports a letter upper-cased while Shift is held.
    key: key.length === 1 ? (shiftKey ? key.toUpperCase() : key.toLowerCase()) : key,
    ctrlKey: primary && !isMac,
    metaKey: primary && isMac,
    shiftKey,
    altKey: parts.includes('Alt'),
  };
}

const menuAccelerators = Object.entries(MENU_COMMAND_ITEMS).flatMap(([command, item]) =>
  item.accelerator ? [[command as MenuCommand, item.accelerator] as const] : [],
);

describe('menu shortcuts in browser mode', () => {
  it.each(menuAccelerators.flatMap(([command, accelerator]) => [[command, accelerator, 'Windows and Linux', false] as const, [command, accelerator, 'macOS', true] as const]))(
    '%s: the menu’s %s gives the same command in a browser on %s',
    (command, accelerator, _system, isMac) => {
      expect(menuCommandForKey(keyPressFor(accelerator, isMac), isMac)).toBe(command);
    },
  );

  it('has no shortcut the menu does not have', () => {
    expect(MENU_SHORTCUTS.map((s) => s.command).sort()).toEqual(menuAccelerators.map(([command]) => command).sort());
  });

  it.each([
    ['Ctrl+K on macOS', { key: 'k', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false }, true],
    ['Cmd(Win)+K elsewhere', { key: 'k', ctrlKey: false, metaKey: true, shiftKey: false, altKey: false }, false],
    ['AltGr+K (Ctrl+Alt)', { key: 'k', ctrlKey: true, metaKey: false, shiftKey: false, altKey: true }, false],
    ['Ctrl+S without Shift', { key: 's', ctrlKey: true, metaKey: false, shiftKey: false, altKey: false }, false],
    ['Ctrl+Shift+K', { key: 'K', ctrlKey: true, metaKey: false, shiftKey: true, altKey: false }, false],
    ['K alone', { key: 'k', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false }, false],
  ])('ignores %s', (_label, key, isMac) => expect(menuCommandForKey(key, isMac)).toBeNull());
});

describe('sync notice wording', () => {
  it.each<SyncNotice>([
    { kind: 'finished', count: 0 },
    { kind: 'finished', count: 1 },
    { kind: 'finished', count: 37 },
    { kind: 'rejected', encounter: 'Encounter 1042', reason: 'Procedure 99213 needs a diagnosis' },
  ])('is the same in main and in browser mode for %o', (notice) => {
    expect(browserNoticeText(notice)).toEqual(mainNoticeText(notice));
  });
});

describe('browser mode’s DesktopApi', () => {
  type KeyFields = Partial<Record<'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey' | 'repeat' | 'isComposing', unknown>>;

  /** A keydown with the KeyboardEvent fields the listener reads (Node has no KeyboardEvent). */
  function keydown(fields: KeyFields) {
    const event = new Event('keydown', { cancelable: true });
    const all = { key: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, repeat: false, isComposing: false, ...fields };
    for (const [name, value] of Object.entries(all)) Object.defineProperty(event, name, { value });
    return event;
  }

  /** Dispatch a key press on `target` and return the event. */
  function press(target: EventTarget, fields: KeyFields) {
    const event = keydown(fields);
    target.dispatchEvent(event);
    return event;
  }

  let window: EventTarget;
  beforeEach(() => {
    window = new EventTarget();
    vi.stubGlobal('window', window);
    vi.stubGlobal('navigator', { platform: 'Linux x86_64' });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('turns Ctrl+Enter into finish-encounter, keeping the browser from acting on it, until unsubscribed', () => {
    const listener = vi.fn();
    const unsubscribe = browserDesktopApi.onMenuCommand(listener);
    const event = press(window, { key: 'Enter', ctrlKey: true });
    expect(listener.mock.calls).toEqual([['finish-encounter']]);
    expect(event.defaultPrevented).toBe(true);
    unsubscribe();
    press(window, { key: 'Enter', ctrlKey: true });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('uses Cmd on a Mac', () => {
    vi.stubGlobal('navigator', { platform: 'MacIntel' });
    const listener = vi.fn();
    const unsubscribe = browserDesktopApi.onMenuCommand(listener);
    press(window, { key: 'k', ctrlKey: true });
    press(window, { key: 'k', metaKey: true });
    expect(listener.mock.calls).toEqual([['focus-search']]);
    unsubscribe();
  });

  it('does not act on a held key, an IME composition, or a key a widget already handled', () => {
    const listener = vi.fn();
    const unsubscribe = browserDesktopApi.onMenuCommand(listener);
    press(window, { key: 'Enter', ctrlKey: true, repeat: true });
    press(window, { key: 'Enter', ctrlKey: true, isComposing: true });
    const handled = keydown({ key: 'j', ctrlKey: true });
    handled.preventDefault();
    window.dispatchEvent(handled);
    expect(listener).not.toHaveBeenCalled();
    unsubscribe();
  });

  it('keeps the credential in memory only, never in web storage, and says the coder will sign in again', async () => {
    const untouchable = new Proxy({}, { get: () => { throw new Error('web storage must not hold the credential'); } });
    vi.stubGlobal('sessionStorage', untouchable);
    vi.stubGlobal('localStorage', untouchable);
    await expect(browserDesktopApi.storeCredential('billing-token')).resolves.toEqual({
      stored: false,
      reason: 'browser-mode',
      message: expect.stringMatching(/sign in again/),
    });
    await expect(browserDesktopApi.readCredential()).resolves.toBe('billing-token');
    await browserDesktopApi.clearCredential();
    await expect(browserDesktopApi.readCredential()).resolves.toBeNull();
  });

  describe('notify', () => {
    /** The web Notification API with a given permission, recording what it shows and any prompt. */
    function stubNotification(permission: NotificationPermission) {
      const shown: [string, NotificationOptions | undefined][] = [];
      const requestPermission = vi.fn();
      vi.stubGlobal(
        'Notification',
        Object.assign(
          function Notification(title: string, options?: NotificationOptions) {
            shown.push([title, options]);
          },
          { permission, requestPermission },
        ),
      );
      return { shown, requestPermission };
    }

    it('shows the notice when the coder already allowed notifications', async () => {
      const { shown } = stubNotification('granted');
      await browserDesktopApi.notify({ kind: 'finished', count: 3 });
      expect(shown).toEqual([['Sync finished', { body: '3 encounters sent to the billing server.' }]]);
    });

    it.each(['default', 'denied'] as const)('does nothing, and never asks, when permission is %s', async (permission) => {
      const { shown, requestPermission } = stubNotification(permission);
      await browserDesktopApi.notify({ kind: 'rejected', encounter: 'Encounter 9', reason: 'Missing modifier' });
      expect(shown).toEqual([]);
      expect(requestPermission).not.toHaveBeenCalled();
    });

    it('does nothing where the browser has no Notification API', async () => {
      vi.stubGlobal('Notification', undefined);
      await expect(browserDesktopApi.notify({ kind: 'finished', count: 1 })).resolves.toBeUndefined();
    });
  });
});
