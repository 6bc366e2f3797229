import { z } from 'zod';

/**
 * The one IPC contract between the preload bridge and the main process. Channel names are
 * `domain:verb`; every channel has a request (the invoke arguments, as a tuple) and a response
 * type, and main validates the arguments against {@link IPC_ARGUMENT_SCHEMAS} before acting.
 * Adding a capability means adding it here first, then to main's handlers and the preload.
 * No Electron or Node imports: both sides of the bridge and the tests read this file.
 */
export const IPC_CHANNELS = {
  pickReleaseFiles: 'codesets:pick-files',
  appVersion: 'app:version',
} as const;

/** Any channel name in the contract. */
export type IpcChannel = (typeof IPC_CHANNELS)[keyof typeof IPC_CHANNELS];

/**
 * One official release file the coder chose, read by main. Structurally the renderer's
 * `PickedFile`; the preload's `satisfies DesktopApi` keeps the two from drifting apart.
 */
export interface ReleaseFilePayload {
  /** The file's base name only; main never tells the renderer where on disk it lives. */
  name: string;
  bytes: Uint8Array;
}

/** Request (invoke arguments) and response of each channel. */
export interface IpcContract {
  'codesets:pick-files': { request: []; response: ReleaseFilePayload[] };
  'app:version': { request: []; response: string };
}

/** The invoke arguments of a channel. */
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
/** What a channel's invoke resolves to. */
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

/**
 * Schemas for each channel's invoke arguments, checked by main on every call. Both channels
 * take no arguments today, so anything passed is refused rather than ignored: a renderer that
 * sends data here is not the renderer we built. The `@__PURE__` marks let the preload bundle
 * drop zod, since only main validates.
 */
export const IPC_ARGUMENT_SCHEMAS = {
  'codesets:pick-files': /* @__PURE__ */ z.tuple([]),
  'app:version': /* @__PURE__ */ z.tuple([]),
} satisfies { [C in IpcChannel]: z.ZodType<IpcRequest<C>> };
