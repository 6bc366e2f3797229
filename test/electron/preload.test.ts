import { describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  contextBridge: { exposeInMainWorld: vi.fn() },
  ipcRenderer: {
    invoke: vi.fn(async (channel: string) => (channel === 'app:version' ? '0.1.0' : [])),
    send: vi.fn(),
    on: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

await import('../../electron/preload/index');

describe('the preload bridge', () => {
  const [[key, api]] = electron.contextBridge.exposeInMainWorld.mock.calls as [[string, Record<string, unknown>]];

  it('exposes window.desktop with the named DesktopApi methods and nothing else', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(key).toBe('desktop');
    expect(Object.keys(api).sort()).toEqual(['appVersion', 'pickReleaseFiles', 'platform']);
    expect(api.platform).toBe('electron');
    expect(Object.values(api)).not.toContain(electron.ipcRenderer);
  });

  it('binds each method to its contract channel, passing nothing from the page', async () => {
    const desktop = api as { pickReleaseFiles(): Promise<unknown>; appVersion(): Promise<string> };
    await expect(desktop.appVersion()).resolves.toBe('0.1.0');
    await expect(desktop.pickReleaseFiles()).resolves.toEqual([]);
    expect(electron.ipcRenderer.invoke.mock.calls).toEqual([['app:version'], ['codesets:pick-files']]);
    expect(electron.ipcRenderer.send).not.toHaveBeenCalled();
  });
});
