/**
 * npm run codesets:build [-- <raw dir>] [--out <dir>] [--if-missing]
 *
 * Turns official CMS/CDC release files into the packs the app ships (resources/codesets,
 * git-ignored). With no directory it reads ../shared/codesets/raw. Packs are written to a
 * temporary folder and moved into place only when every file parsed, so a failed build
 * never leaves a half-written set behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CodeSetFormatError } from '../core/codesets/format-error';
import { fiscalYearFromFileName } from '../core/codesets/fiscal-year';
import { encodePack, packRecordCount, PACK_FORMAT_VERSION, type PackManifest } from '../core/codesets/pack';
import { identifyReleaseFile, releaseFilesToPacks, type ReleaseFileKind } from '../core/codesets/release-files';
import type { ReleaseFile } from '../core/codesets/types';

const ROOT = resolve(import.meta.dirname, '..');
export const DEFAULT_RAW_DIR = resolve(ROOT, '../shared/codesets/raw');
export const DEFAULT_OUT_DIR = resolve(ROOT, 'resources/codesets');

export interface BuildResult {
  manifest: PackManifest;
  /** Per input file: its parse-and-pack share of the time, for the benchmark. */
  timings: { step: string; ms: number }[];
}

const EDIT_DATA_KINDS = new Set<ReleaseFileKind>(['mce', 'mue', 'hcc']);

/** Release files found under a directory, one per release (a CMS zip preferred over its .txt). */
export function findReleaseFiles(dir: string): { files: ReleaseFile[]; skipped: string[] } {
  const chosen = new Map<string, { file: ReleaseFile; kind: ReleaseFileKind }>();
  const skipped: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      if (!/\.(zip|txt|xml|xlsx|tsv|csv)$/i.test(name)) continue;
      const file: ReleaseFile = { name, bytes: new Uint8Array(readFileSync(path)) };
      const kind = identifyReleaseFile(file);
      if (!kind) {
        skipped.push(path);
        continue;
      }
      // Code lists are one release per fiscal year (a CMS zip and its .txt are the same one); each
      // edit data file is its own (the three MUE tables of a quarter become one release later).
      const key = EDIT_DATA_KINDS.has(kind) ? `${kind}:${name}` : `${kind}:${fiscalYearFromFileName(name) ?? name}`;
      const earlier = chosen.get(key);
      if (earlier && !/\.zip$/i.test(name)) {
        skipped.push(`${path} (same release as ${earlier.file.name})`);
        continue;
      }
      if (earlier) skipped.push(`${earlier.file.name} (same release as ${name})`);
      chosen.set(key, { file, kind });
    }
  };
  walk(dir);
  // An addenda whose fiscal year is already present as a full order file adds nothing.
  const fullYears = new Set([...chosen.entries()].filter(([k]) => k.startsWith('icd10cm-order:')).map(([k]) => k.split(':')[1]));
  for (const [key, { file }] of chosen) {
    if (key.startsWith('icd10cm-addenda:') && fullYears.has(key.split(':')[1])) {
      chosen.delete(key);
      skipped.push(`${file.name} (its fiscal year's full order file is present)`);
    }
  }
  return { files: [...chosen.values()].map((c) => c.file), skipped };
}

export async function buildPacks(rawDir: string, outDir: string, log: (line: string) => void = console.log): Promise<BuildResult> {
  const timings: BuildResult['timings'] = [];
  let t = performance.now();
  const { files, skipped } = findReleaseFiles(rawDir);
  for (const s of skipped) log(`skipped ${s}`);
  if (files.length === 0) throw new Error(`no release files found in ${rawDir}`);
  timings.push({ step: 'read files', ms: performance.now() - t });
  t = performance.now();
  const packs = await releaseFilesToPacks(files, async () => null);
  timings.push({ step: 'parse all', ms: performance.now() - t });
  const staging = `${outDir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const manifest: PackManifest = { format: 'coder-workstation/codeset-manifest', formatVersion: PACK_FORMAT_VERSION, packs: [] };
  try {
    for (const pack of packs) {
      const bytes = encodePack(pack);
      const file = packFileName(pack.header.id);
      writeFileSync(join(staging, file), bytes);
      const rows = pack.rows.length;
      const recordCount = packRecordCount(pack);
      manifest.packs.push({ id: pack.header.id, file, sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length, rows, records: recordCount, meta: pack.header.meta, counts: pack.header.counts });
      log(`${file}: ${recordCount} records in ${rows} rows, ${(bytes.length / 1e6).toFixed(2)} MB`);
    }
    writeFileSync(join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2));
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staging, outDir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { manifest, timings };
}

/**
 * A pack's file name: its id with anything but letters, digits, dot, underscore and dash made a
 * dash, since versions such as `V28 (2026 initial)` would otherwise put spaces and brackets into
 * URLs the app fetches.
 */
export function packFileName(id: string): string {
  return `${id.replace(/[^A-Za-z0-9._-]+/g, '-')}.cwpack`;
}

/** True when the packs in `outDir` are complete and in the format this build writes. */
export function packsPresent(outDir: string): boolean {
  const manifestPath = join(outDir, 'manifest.json');
  if (!existsSync(manifestPath)) return false;
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackManifest;
    return manifest.formatVersion === PACK_FORMAT_VERSION && manifest.packs.length > 0 && manifest.packs.every((p) => existsSync(join(outDir, p.file)));
  } catch {
    return false;
  }
}

async function main(argv: string[]): Promise<void> {
  let rawDir = DEFAULT_RAW_DIR;
  let outDir = DEFAULT_OUT_DIR;
  let ifMissing = false;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--if-missing') ifMissing = true;
    else if (argv[i] === '--out') outDir = resolve(argv[++i]);
    else rawDir = resolve(argv[i]);
  }
  if (ifMissing && packsPresent(outDir)) {
    console.log(`code-set packs present in ${outDir}`);
    return;
  }
  if (!existsSync(rawDir)) throw new Error(`release files folder not found: ${rawDir} (give one: npm run codesets:build -- <folder>)`);
  const started = performance.now();
  const { manifest } = await buildPacks(rawDir, outDir);
  console.log(`built ${manifest.packs.length} packs from ${basename(rawDir)} into ${outDir} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof CodeSetFormatError ? `codesets:build: ${error.message}` : error);
    process.exit(1);
  });
}
