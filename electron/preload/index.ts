import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi } from '../../renderer/platform/desktop-api';
import { IPC_CHANNELS, type IpcChannel, type IpcRequest, type IpcResponse } from '../shared/ipc-contract';

/*
 * The preload bridge. It runs sandboxed, so it can require only `electron` (and a few
 * polyfills) at runtime: scripts/build-electron.ts bundles it, contract included, into one file.
 */

/** Invoke a channel of the contract; the types tie each channel to its request and response. */
function invoke<C extends IpcChannel>(channel: C, ...args: IpcRequest<C>): Promise<IpcResponse<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcResponse<C>>;
}

/**
 * What the renderer sees as `window.desktop`: named methods only, each bound to one channel.
 * Raw `ipcRenderer` is never exposed, so a compromised page cannot reach other channels.
 */
export const desktopBridge = {
  platform: 'electron',
  pickReleaseFiles: () => invoke(IPC_CHANNELS.pickReleaseFiles),
  appVersion: () => invoke(IPC_CHANNELS.appVersion),
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('desktop', desktopBridge);
