import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions } from 'electron';
import { z } from 'zod';
import {
  IPC_ARGUMENT_SCHEMAS,
  IPC_CHANNELS,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
  type ReleaseFilePayload,
} from '../shared/ipc-contract';
import type { SyncNotice } from '../../renderer/platform/desktop-api';
import { isAppOrigin } from './app-origin';
import type { CredentialStore } from './credential-store';

/** The release file types the import dialog offers; the same list as the browser file input. */
export const RELEASE_FILE_EXTENSIONS = ['zip', 'txt', 'xml', 'xlsx', 'tsv'] as const;

/**
 * Per-file ceiling when reading picked files. The largest official release file is a few
 * tens of MB; this stops a mis-click on a disk image from filling memory and the IPC pipe.
 */
export const MAX_RELEASE_FILE_BYTES = 256 * 1024 * 1024;
/** Local documents a coder attaches to an encounter: text notes and PDFs (scanned or printed). */
export const DOCUMENT_EXTENSIONS = ['txt', 'pdf'] as const;
/** A scanned operative report is a few MB; 64 MB refuses a mistaken pick of a disk image. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/**
 * Whether an IPC call comes from a frame of ours. `senderFrame` is null when the frame has
 * navigated away or been destroyed since sending; such calls are refused too.
 */
export function isTrustedSender(frame: { readonly url: string } | null | undefined): boolean {
  return isAppOrigin(frame?.url);
}

type ChannelImplementation<C extends IpcChannel> = (
  event: IpcMainInvokeEvent,
  ...args: IpcRequest<C>
) => IpcResponse<C> | Promise<IpcResponse<C>>;

/**
 * The main-process services the channels delegate to, passed in so that index.ts owns their
 * lifetime and tests can hand in in-memory fakes.
 */
export interface IpcServices {
  /** The billing-server credential (credential-store.ts). */
  credentials: CredentialStore;
  /** Show a sync notification (notifications.ts). */
  showSyncNotice(notice: SyncNotice): void;
}

/** Register `ipcMain.handle` for every channel of the contract. Call once, after `ready`. */
export function registerIpcHandlers({ credentials, showSyncNotice }: IpcServices): void {
  handle(IPC_CHANNELS.pickReleaseFiles, pickReleaseFiles);
  handle(IPC_CHANNELS.pickDocuments, pickDocuments);
  handle(IPC_CHANNELS.appVersion, () => app.getVersion());
  handle(IPC_CHANNELS.storeCredential, (_event, secret) => credentials.storeCredential(secret));
  handle(IPC_CHANNELS.readCredential, () => credentials.readCredential());
  handle(IPC_CHANNELS.clearCredential, () => credentials.clearCredential());
  handle(IPC_CHANNELS.notifySync, (_event, notice) => showSyncNotice(notice));
}

/**
 * The single gate every channel goes through: sender origin first, then the arguments
 * against the contract's schema, and only then the implementation. A refusal rejects the
 * renderer's invoke with a message naming the channel.
 */
function handle<C extends IpcChannel>(channel: C, implementation: ChannelImplementation<C>): void {
  ipcMain.handle(channel, async (event, ...args: unknown[]) => {
    if (!isTrustedSender(event.senderFrame)) {
      throw new Error(`${channel} refused: the sender is not a workstation page`);
    }
    const parsed = IPC_ARGUMENT_SCHEMAS[channel].safeParse(args);
    if (!parsed.success) {
      throw new Error(`${channel} refused: invalid arguments: ${z.prettifyError(parsed.error)}`);
    }
    return implementation(event, ...(parsed.data as IpcRequest<C>));
  });
}

function pickReleaseFiles(event: IpcMainInvokeEvent): Promise<ReleaseFilePayload[]> {
  return pickFiles(event, { title: 'Import code set release files', filter: 'Code set release files', extensions: RELEASE_FILE_EXTENSIONS }, MAX_RELEASE_FILE_BYTES, 'release files');
}

function pickDocuments(event: IpcMainInvokeEvent): Promise<ReleaseFilePayload[]> {
  return pickFiles(event, { title: 'Add documents to the encounter', filter: 'Text or PDF documents', extensions: DOCUMENT_EXTENSIONS }, MAX_DOCUMENT_BYTES, 'documents');
}

/** The open dialog for one kind of file, then the chosen files read (base name and bytes only). */
async function pickFiles(event: IpcMainInvokeEvent, kind: { title: string; filter: string; extensions: readonly string[] }, maxBytes: number, what: string): Promise<ReleaseFilePayload[]> {
  const options: OpenDialogOptions = {
    title: kind.title,
    properties: ['openFile', 'multiSelections'],
    filters: [{ name: kind.filter, extensions: [...kind.extensions] }],
  };
  // Parent the dialog to the asking window so it is modal to it, not floating behind.
  const owner = BrowserWindow.fromWebContents(event.sender);
  const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  if (result.canceled) return [];
  const files: ReleaseFilePayload[] = [];
  // One at a time, so at most one large file is being read while earlier ones are held.
  for (const path of result.filePaths) files.push(await readReleaseFile(path, maxBytes, what));
  return files;
}

async function readReleaseFile(path: string, maxBytes = MAX_RELEASE_FILE_BYTES, what = 'release files'): Promise<ReleaseFilePayload> {
  const name = basename(path);
  const { size } = await stat(path);
  if (size > maxBytes) {
    const mib = (n: number) => Math.round(n / (1024 * 1024));
    throw new Error(`${name} is ${mib(size)} MB; ${what} larger than ${mib(maxBytes)} MB are not accepted`);
  }
  const buffer = await readFile(path);
  // A plain Uint8Array view, so the renderer receives exactly the type the contract names.
  return { name, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) };
}
