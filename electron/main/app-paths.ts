import { join } from 'node:path';

/** Where the running app finds what it serves and loads. */
export interface AppPaths {
  /** The built renderer (`vite build` output), served at `app://workstation/`. */
  renderer: string;
  /** The generated code-set packs, served at `app://workstation/codesets/`. */
  codesets: string;
  /** The bundled, sandbox-safe preload script. */
  preload: string;
}

/** What {@link resolveAppPaths} needs from Electron, as plain values so it can be tested. */
export interface AppLocation {
  /** `app.getAppPath()`: the repository root in development, `…/resources/app.asar` packaged. */
  appPath: string;
  /** `process.resourcesPath`: where electron-builder's extraResources land. */
  resourcesPath: string;
  /** `app.isPackaged`. */
  isPackaged: boolean;
}

/**
 * The app's file locations. The renderer and preload ship inside the app (asar) under
 * `dist/`; the packs are extraResources outside the asar when packaged, because they are
 * large, already compressed and replaced independently of the code.
 */
export function resolveAppPaths({ appPath, resourcesPath, isPackaged }: AppLocation): AppPaths {
  return {
    renderer: join(appPath, 'dist', 'renderer'),
    codesets: isPackaged ? join(resourcesPath, 'codesets') : join(appPath, 'resources', 'codesets'),
    preload: join(appPath, 'dist', 'electron', 'preload', 'index.cjs'),
  };
}
