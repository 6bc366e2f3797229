import { resolve } from 'node:path';
import { getConfig } from 'app-builder-lib/out/util/config/config';
import { describe, expect, it } from 'vitest';

/**
 * The production fuses electron-builder flips in the packaged Electron binary (Electron
 * security checklist item 19). A packaged app that could run as plain Node, take NODE_OPTIONS
 * or --inspect, or load code from outside its checked app.asar would undo the sandbox.
 */
const ROOT = resolve(import.meta.dirname, '../..');

describe('production fuses', () => {
  it('are set in electron-builder.yml as the packaged app needs them', async () => {
    const config = await getConfig(ROOT, null, null);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
