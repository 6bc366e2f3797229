/**
 * The renderer's one port to the platform. Nothing in renderer/ touches Electron or Node:
 * under Electron the preload bridge provides this object (see electron/preload), in a
 * browser `browserDesktopApi` does, and tests pass their own fakes.
 */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export interface DesktopApi {
  readonly platform: 'electron' | 'browser';
  /** Ask the coder for official release files to import; resolves [] when cancelled. */
  pickReleaseFiles(): Promise<PickedFile[]>;
  /** The workstation's version, for the About line and support requests. */
  appVersion(): Promise<string>;
}
