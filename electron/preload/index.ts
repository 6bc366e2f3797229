import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { DesktopApi, MenuCommand } from '../../renderer/platform/desktop-api';
import {
  IPC_CHANNELS,
  RENDERER_EVENT_CHANNELS,
  isMenuCommand,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
} from '../shared/ipc-contract';

/*
 * The preload bridge. It runs sandboxed, so it can require only `electron` (and a few
 * polyfills) at runtime: scripts/build-electron.ts bundles it, contract included, into one file.
 */

/** Invoke a channel of the contract; the types tie each channel to its request and response. */
function invoke<C extends IpcChannel>(channel: C, ...args: IpcRequest<C>): Promise<IpcResponse<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<IpcResponse<C>>;
}

/**
 * Listen on the one main-to-renderer channel for menu commands. The page's listener gets the
 * command name only: the IPC event carries `sender`, the raw `ipcRenderer`, and handing it
 * over would give the page every channel. Anything that is not a command name is dropped.
 */
function onMenuCommand(listener: (command: MenuCommand) => void): () => void {
  const relay = (_event: IpcRendererEvent, command: unknown) => {
    if (isMenuCommand(command)) listener(command);
  };
  ipcRenderer.on(RENDERER_EVENT_CHANNELS.menuCommand, relay);
  return () => {
    ipcRenderer.removeListener(RENDERER_EVENT_CHANNELS.menuCommand, relay);
  };
}

/**
 * What the renderer sees as `window.desktop`: named methods only, each bound to one channel.
 * Raw `ipcRenderer` is never exposed, so a compromised page cannot reach other channels.
 */
export const desktopBridge = {
  platform: 'electron',
  pickReleaseFiles: () => invoke(IPC_CHANNELS.pickReleaseFiles),
  pickDocuments: () => invoke(IPC_CHANNELS.pickDocuments),
  appVersion: () => invoke(IPC_CHANNELS.appVersion),
  onMenuCommand,
  storeCredential: (secret: string) => invoke(IPC_CHANNELS.storeCredential, secret),
  readCredential: () => invoke(IPC_CHANNELS.readCredential),
  clearCredential: () => invoke(IPC_CHANNELS.clearCredential),
  notify: (notice) => invoke(IPC_CHANNELS.notifySync, notice),
} satisfies DesktopApi;

contextBridge.exposeInMainWorld('desktop', desktopBridge);
