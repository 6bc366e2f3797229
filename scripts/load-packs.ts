/**
 * Reads the generated code-set packs (resources/codesets) as stored releases, for the lookup
 * CLI and the benchmarks: the same rows the app writes into IndexedDB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodePack, type PackManifest } from '../core/codesets/pack';
import type { StoredRelease } from '../core/search/corpus-from-rows';

export function loadStoredReleases(packsDir: string): StoredRelease[] {
  const manifest = JSON.parse(readFileSync(join(packsDir, 'manifest.json'), 'utf8')) as PackManifest;
  return manifest.packs.map((entry) => {
    const pack = decodePack(new Uint8Array(readFileSync(join(packsDir, entry.file))), entry.file);
    return { meta: pack.header.meta, rows: pack.rows };
  });
}
