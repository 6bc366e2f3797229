import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string) => (channel === 'app:version' ? '0.1.0' : [])),
    send: vi.fn(),
    on: vi.fn(),
    removeListener: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

await import('../../electron/preload/index');

type Bridge = {
  platform: string;
  pickReleaseFiles(): Promise<unknown>;
  pickDocuments(): Promise<unknown>;
  appVersion(): Promise<string>;
  onMenuCommand(listener: (command: string) => void): () => void;
  storeCredential(secret: string): Promise<unknown>;
  readCredential(): Promise<unknown>;
  clearCredential(): Promise<unknown>;
  notify(notice: unknown): Promise<unknown>;
};

describe('the preload bridge', () => {
  const [[key, exposed]] = electron.contextBridge.exposeInMainWorld.mock.calls as [[string, Record<string, unknown>]];
  const desktop = exposed as unknown as Bridge;

  it('exposes window.desktop with the named DesktopApi methods and nothing else', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(key).toBe('desktop');
    expect(Object.keys(exposed).sort()).toEqual([
      'appVersion',
      'clearCredential',
      'notify',
      'onMenuCommand',
      'pickDocuments',
      'pickReleaseFiles',
      'platform',
      'readCredential',
      'storeCredential',
    ]);
    expect(desktop.platform).toBe('electron');
    expect(Object.values(exposed)).not.toContain(electron.ipcRenderer);
  });

  it('binds each method to its contract channel, passing only what the method takes', async () => {
    electron.ipcRenderer.invoke.mockClear();
    await expect(desktop.appVersion()).resolves.toBe('0.1.0');
    await expect(desktop.pickReleaseFiles()).resolves.toEqual([]);
    await expect(desktop.pickDocuments()).resolves.toEqual([]);
    await desktop.storeCredential('billing-token');
    await desktop.readCredential();
    await desktop.clearCredential();
    await desktop.notify({ kind: 'finished', count: 2 });
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([
      ['app:version'],
      ['codesets:pick-files'],
      ['documents:pick-files'],
      ['credential:store', 'billing-token'],
      ['credential:read'],
      ['credential:clear'],
      ['notify:sync', { kind: 'finished', count: 2 }],
    ]);
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
  });

  describe('onMenuCommand', () => {
    /** Subscribe and return the relay the preload registered with ipcRenderer.on. */
    function subscribe() {
      electron.ipcRenderer.on.mockClear();
      const listener = vi.fn();
      const unsubscribe = desktop.onMenuCommand(listener);
      const [[channel, relay]] = electron.ipcRenderer.on.mock.calls as [[string, (event: unknown, payload: unknown) => void]];
      return { listener, unsubscribe, channel, relay };
    }

    it('listens on menu:command only', () => {
      const { channel } = subscribe();
      expect(channel).toBe('menu:command');
      expect(electron.ipcRenderer.on).toHaveBeenCalledTimes(1);
    });

    it('hands the page the command name and never the IPC event, whose sender is ipcRenderer', () => {
      const { listener, relay } = subscribe();
      relay({ sender: electron.ipcRenderer }, 'finish-encounter');
      expect(listener.mock.calls).toEqual([['finish-encounter']]);
    });

    it.each([['an unknown name', 'open-devtools'], ['an object', { command: 'sync-now' }], ['nothing', undefined]])(
      'drops %s',
      (_label, payload) => {
        const { listener, relay } = subscribe();
        relay({}, payload);
        expect(listener).not.toHaveBeenCalled();
      },
    );

    it('unsubscribes the same relay it subscribed', () => {
      const { unsubscribe, relay } = subscribe();
      unsubscribe();
      expect(electron.ipcRenderer.removeListener).toHaveBeenCalledWith('menu:command', relay);
    });
  });
});
