import { z } from 'zod';
import type { MenuCommand, StoreCredentialResult, SyncNotice } from '../../renderer/platform/desktop-api';

/**
 * The one IPC contract between the preload bridge and the main process. Channel names are
 * `domain:verb`; every channel has a request (the invoke arguments, as a tuple) and a response
 * type, and main validates the arguments against {@link IPC_ARGUMENT_SCHEMAS} before acting.
 * Adding a capability means adding it here first, then to main's handlers and the preload.
 * No Electron or Node imports: both sides of the bridge and the tests read this file. Payload
 * types the renderer also names come from its port (`import type` only, so no renderer code
 * is ever loaded here).
 */
export const IPC_CHANNELS = {
  pickReleaseFiles: 'codesets:pick-files',
  pickDocuments: 'documents:pick-files',
  appVersion: 'app:version',
  storeCredential: 'credential:store',
  readCredential: 'credential:read',
  clearCredential: 'credential:clear',
  notifySync: 'notify:sync',
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
  'documents:pick-files': { request: []; response: ReleaseFilePayload[] };
  'app:version': { request: []; response: string };
  'credential:store': { request: [secret: string]; response: StoreCredentialResult };
  'credential:read': { request: []; response: string | null };
  'credential:clear': { request: []; response: void };
  'notify:sync': { request: [notice: SyncNotice]; response: void };
}

/** The invoke arguments of a channel. */
export type IpcRequest<C extends IpcChannel> = IpcContract[C]['request'];
/** What a channel's invoke resolves to. */
export type IpcResponse<C extends IpcChannel> = IpcContract[C]['response'];

/**
 * Longest billing-server credential accepted. Session tokens and API keys are well under 1 KB;
 * 4 KB leaves room for a signed token while refusing a page that tries to park data in the
 * OS key store.
 */
export const MAX_CREDENTIAL_LENGTH = 4096;
/** Longest encounter reference in a notification: a worklist number or account reference fits one line. */
export const MAX_NOTICE_ENCOUNTER_LENGTH = 120;
/** Longest rejection reason in a notification: a server's reason is a sentence or two, and OS notifications cut long bodies anyway. */
export const MAX_NOTICE_REASON_LENGTH = 500;

/*
 * Every zod call below carries its own `@__PURE__` mark, inner ones included: esbuild keeps the
 * arguments of a dropped pure call when they may have side effects, so one unmarked inner call
 * would pull zod into the preload bundle, which only needs the channel names.
 */

/**
 * Schemas for each channel's invoke arguments, checked by main on every call. Channels without
 * arguments take an empty tuple, so anything passed is refused rather than ignored: a renderer
 * that sends data there is not the renderer we built. Objects are strict for the same reason.
 */
export const IPC_ARGUMENT_SCHEMAS = {
  'codesets:pick-files': /* @__PURE__ */ z.tuple([]),
  'documents:pick-files': /* @__PURE__ */ z.tuple([]),
  'app:version': /* @__PURE__ */ z.tuple([]),
  'credential:store': /* @__PURE__ */ z.tuple([/* @__PURE__ */ z.string().min(1).max(MAX_CREDENTIAL_LENGTH)]),
  'credential:read': /* @__PURE__ */ z.tuple([]),
  'credential:clear': /* @__PURE__ */ z.tuple([]),
  'notify:sync': /* @__PURE__ */ z.tuple([
    /* @__PURE__ */ z.discriminatedUnion('kind', [
      /* @__PURE__ */ z.strictObject({
        kind: /* @__PURE__ */ z.literal('finished'),
        count: /* @__PURE__ */ z.number().int().nonnegative(),
      }),
      /* @__PURE__ */ z.strictObject({
        kind: /* @__PURE__ */ z.literal('rejected'),
        encounter: /* @__PURE__ */ z.string().trim().min(1).max(MAX_NOTICE_ENCOUNTER_LENGTH),
        reason: /* @__PURE__ */ z.string().trim().min(1).max(MAX_NOTICE_REASON_LENGTH),
      }),
    ]),
  ]),
} satisfies { [C in IpcChannel]: z.ZodType<IpcRequest<C>> };

/**
 * Every menu command name, in menu order. A plain array, so the preload can check an incoming
 * command without zod; {@link RENDERER_EVENT_SCHEMAS} builds main's check from it.
 */
export const MENU_COMMANDS = [
  'focus-search',
  'next-encounter',
  'finish-encounter',
  'sync-now',
  'import-code-sets',
  'show-code-sets',
  'show-lookup',
] as const satisfies readonly MenuCommand[];

/** Does not compile when {@link MENU_COMMANDS} misses a name of `MenuCommand`. */
type EveryNameListed<Missing extends never> = Missing;
export type _MenuCommandsAreComplete = EveryNameListed<Exclude<MenuCommand, (typeof MENU_COMMANDS)[number]>>;

/** True when `value` is one of the contract's menu command names. */
export function isMenuCommand(value: unknown): value is MenuCommand {
  return (MENU_COMMANDS as readonly unknown[]).includes(value);
}

/**
 * Channels main sends on and the renderer only listens to (`webContents.send` →
 * `ipcRenderer.on`). Kept apart from {@link IPC_CHANNELS} because nothing may invoke them.
 */
export const RENDERER_EVENT_CHANNELS = {
  menuCommand: 'menu:command',
} as const;

/** Any main-to-renderer channel name. */
export type RendererEventChannel = (typeof RENDERER_EVENT_CHANNELS)[keyof typeof RENDERER_EVENT_CHANNELS];

/** The one payload each main-to-renderer channel carries. */
export interface RendererEventContract {
  'menu:command': MenuCommand;
}

/** Schemas main checks a payload against before sending it to a renderer. */
export const RENDERER_EVENT_SCHEMAS = {
  'menu:command': /* @__PURE__ */ z.enum(MENU_COMMANDS),
} satisfies { [C in RendererEventChannel]: z.ZodType<RendererEventContract[C]> };
