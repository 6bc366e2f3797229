/**
 * Where tests find the official release files: `../shared/codesets/raw` beside this checkout,
 * or CODESETS_RAW when set. Tests read the real files; they are never copied into the repo.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { ReleaseFile } from '../../core/codesets/types';

export const RAW_DIR = process.env.CODESETS_RAW ?? resolve(import.meta.dirname, '../../../shared/codesets/raw');

export function rawFile(relativePath: string): ReleaseFile {
  const path = join(RAW_DIR, relativePath);
  return { name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
}
