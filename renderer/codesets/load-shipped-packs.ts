import { sha256Hex } from '../../core/codesets/checksum';
import { decodePackText, type Pack, type PackManifest } from '../../core/codesets/pack';
import { CodeSetFormatError } from '../../core/codesets/format-error';
import { deleteReleaseRows, writeReleaseRows } from '../db/codeset-store';
import type { InstalledRelease, WorkstationDatabase } from '../db/database';

/** What the load reports as it goes; the progress bar and the e2e test read it. */
export interface LoadProgress {
  phase: 'checking' | 'loading' | 'ready';
  /** The pack being written, as a coder reads it ("ICD-10-CM FY2026 codes"). */
  current?: string;
  /** Codes and documents written so far, and to write in all. */
  rowsDone: number;
  rowsTotal: number;
  /** Packs that were already installed and skipped. */
  alreadyInstalled: number;
  loaded: number;
}

/** Fetch bytes by path relative to the packs' base (fetch in the app, a file read in tests). */
export type FetchBytes = (path: string) => Promise<Uint8Array>;

/** Inflate a gzip pack to text: the browser's native DecompressionStream in the app. */
export type InflateText = (gzip: Uint8Array) => Promise<string>;

/** Native gzip inflation (browsers, workers and Node 18+ all have DecompressionStream). */
export const inflateNative: InflateText = (gzip) =>
  new Response(new Blob([gzip as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'))).text();

/**
 * First-run (and every-run) load of the packs the app ships. Packs whose marker is already in
 * IndexedDB with the same checksum are skipped, so a warm start only reads the manifest. A
 * load that was interrupted resumes after the last committed chunk when the pack is the same,
 * and starts that release over when the app shipped a different pack since.
 */
export async function loadShippedPacks(db: WorkstationDatabase, fetchBytes: FetchBytes, report: (p: LoadProgress) => void, inflate: InflateText = inflateNative): Promise<LoadProgress> {
  const manifest = parseManifest(await fetchBytes('manifest.json'));
  const [installed, loads] = await Promise.all([db.releases.toArray(), db.releaseLoads.toArray()]);
  const isInstalled = (id: string, sha: string) => installed.some((r) => r.id === id && r.packSha256 === sha);
  const todo = manifest.packs.filter((p) => !isInstalled(p.id, p.sha256));
  const progress: LoadProgress = {
    phase: todo.length ? 'loading' : 'ready',
    rowsDone: 0,
    rowsTotal: todo.reduce((n, p) => n + p.records, 0),
    alreadyInstalled: manifest.packs.length - todo.length,
    loaded: 0,
  };
  report({ ...progress });
  // Fetch, check and inflate the next pack while the current one is written: that work
  // overlaps with IndexedDB's instead of adding to it.
  const prepare = async (entry: PackManifest['packs'][number]): Promise<Pack> => decodePackText(await inflate(await fetchAndCheck(entry, fetchBytes)), entry.file);
  let next = todo.length ? prepare(todo[0]) : null;
  for (let i = 0; i < todo.length; i++) {
    const entry = todo[i];
    const pack = await next!;
    next = i + 1 < todo.length ? prepare(todo[i + 1]) : null;
    // A rejected prefetch must not go unhandled while this pack is written; it is awaited
    // (and reported) on the next turn of the loop.
    next?.catch(() => {});
    const resumable = loads.find((l) => l.id === entry.id && l.packSha256 === entry.sha256);
    const startAt = resumable?.rowsDone ?? 0;
    if (!resumable) await deleteReleaseRows(db, entry.id);
    const marker: InstalledRelease = {
      id: entry.id,
      system: entry.meta.system,
      content: entry.meta.content,
      meta: entry.meta,
      counts: entry.counts,
      rows: entry.rows,
      records: entry.records,
      packSha256: entry.sha256,
      origin: 'shipped',
      installedAt: new Date().toISOString(),
    };
    const before = progress.rowsDone;
    progress.current = packLabel(entry.meta);
    report({ ...progress });
    await writeReleaseRows(db, marker, pack, startAt, (_rows, recordsDone) => {
      progress.rowsDone = before + recordsDone;
      report({ ...progress });
    });
    progress.loaded++;
  }
  progress.phase = 'ready';
  progress.current = undefined;
  report({ ...progress });
  return progress;
}

/** A release as a coder names it: "ICD-10-CM FY2026 codes", "Medicare Code Editor v43.1", "NCCI MUE 2026-Q2". */
export function packLabel(meta: InstalledRelease['meta']): string {
  // The edit data is named by its source, not by the code set it is checked against.
  if (meta.content === 'mce') return `Medicare Code Editor ${meta.version}`;
  if (meta.content === 'mue') return `NCCI MUE ${meta.version}`;
  if (meta.content === 'hcc') return `CMS-HCC ${meta.version.replace(/^(V\d+)\b/, '$1 mappings')}`;
  const system = { icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS', hcpcs: 'HCPCS', cpt: 'CPT' }[meta.system];
  const content = { codes: 'codes', tabular: 'Tabular List', index: 'Alphabetic Index' }[meta.content];
  return `${system} ${meta.version} ${content}`;
}

async function fetchAndCheck(entry: PackManifest['packs'][number], fetchBytes: FetchBytes): Promise<Uint8Array> {
  const bytes = await fetchBytes(entry.file);
  const sha = await sha256Hex(bytes);
  if (sha !== entry.sha256) {
    throw new CodeSetFormatError({ file: entry.file }, `pack checksum ${sha.slice(0, 12)}… does not match the manifest (${entry.sha256.slice(0, 12)}…); the app's code-set files are damaged`);
  }
  return bytes;
}

function parseManifest(bytes: Uint8Array): PackManifest {
  let manifest: PackManifest;
  try {
    manifest = JSON.parse(new TextDecoder().decode(bytes)) as PackManifest;
  } catch (error) {
    throw new CodeSetFormatError({ file: 'manifest.json' }, `not valid JSON (${(error as Error).message})`);
  }
  if (manifest.format !== 'coder-workstation/codeset-manifest' || !Array.isArray(manifest.packs)) {
    throw new CodeSetFormatError({ file: 'manifest.json', field: 'format' }, 'not a code-set pack manifest');
  }
  return manifest;
}
