import { resolve } from 'node:path';
// electron-builder's own loader and schema check (app-builder-lib and builder-util come with
// electron-builder). Packaging itself cannot run offline; this is what can be checked here.
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe('electron-builder.yml', () => {
  it('loads and passes electron-builder’s schema', async () => {
    const config = await getConfig(ROOT, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('ships the built app and puts the packs where main looks for them when packaged', async () => {
    const config = await getConfig(ROOT, null, null);
    expect(config.productName).toBe('Coder Workstation');
    expect(config.asar).toBe(true);
    // getConfig normalizes the file patterns into one { filter } set.
    expect(config.files).toEqual([{ filter: expect.arrayContaining(['dist/**', 'package.json']) }]);
    // electron/main/app-paths.ts reads process.resourcesPath/codesets.
    expect(config.extraResources).toEqual([expect.objectContaining({ from: 'resources/codesets', to: 'codesets' })]);
  });
});
