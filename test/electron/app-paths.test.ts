import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppPaths } from '../../electron/main/app-paths';

describe('resolveAppPaths', () => {
  it('in development serves the repository build and resources/codesets', () => {
    const repo = join('/', 'work', 'main');
    expect(resolveAppPaths({ appPath: repo, resourcesPath: join('/', 'opt', 'electron', 'resources'), isPackaged: false })).toEqual({
      renderer: join(repo, 'dist', 'renderer'),
      codesets: join(repo, 'resources', 'codesets'),
      preload: join(repo, 'dist', 'electron', 'preload', 'index.cjs'),
    });
  });

  it('packaged, reads the packs from the resources folder beside app.asar, not inside it', () => {
    const resources = join('/', 'opt', 'Coder Workstation', 'resources');
    const paths = resolveAppPaths({ appPath: join(resources, 'app.asar'), resourcesPath: resources, isPackaged: true });
    expect(paths.codesets).toBe(join(resources, 'codesets'));
    expect(paths.renderer).toBe(join(resources, 'app.asar', 'dist', 'renderer'));
    expect(paths.preload).toBe(join(resources, 'app.asar', 'dist', 'electron', 'preload', 'index.cjs'));
  });
});
