import Dexie from 'dexie';
import { SYSTEM_LABEL } from '../../core/codesets/code-display';
import { readCodeBlock } from '../../core/codesets/code-block';
import { packRecordCount } from '../../core/codesets/pack';
import { releaseFilesToPacks } from '../../core/codesets/release-files';
import type { CodeListRelease } from '../../core/codesets/types';
import { deleteReleaseRows, writeReleaseRows } from '../db/codeset-store';
import type { InstalledRelease, WorkstationDatabase } from '../db/database';
import type { PickedFile } from '../platform/desktop-api';
import { packLabel } from './load-shipped-packs';

export interface ImportProgress {
  phase: 'parsing' | 'writing';
  current?: string;
  rowsDone: number;
  rowsTotal: number;
}

export interface ImportResult {
  installed: { id: string; label: string; records: number }[];
  /** Releases skipped because exactly the same files were installed before. */
  alreadyInstalled: string[];
}

/**
 * Import official release files the coder picked: parse everything first (any bad file stops
 * the import before a row is written), then write each release with its marker last. If a
 * write fails part-way, every release of this import is removed again, so an import is all
 * or nothing.
 */
export async function importReleaseFiles(db: WorkstationDatabase, files: PickedFile[], report: (p: ImportProgress) => void): Promise<ImportResult> {
  report({ phase: 'parsing', rowsDone: 0, rowsTotal: 0 });
  const packs = await releaseFilesToPacks(files, (version) => installedCodeList(db, version));
  const installed = await db.releases.toArray();
  const result: ImportResult = { installed: [], alreadyInstalled: [] };
  const todo = packs.filter((p) => {
    const same = installed.some((r) => r.id === p.header.id);
    if (same) result.alreadyInstalled.push(packLabel(p.header.meta));
    return !same;
  });
  const progress: ImportProgress = { phase: 'writing', rowsDone: 0, rowsTotal: todo.reduce((n, p) => n + packRecordCount(p), 0) };
  const written: string[] = [];
  try {
    for (let i = 0; i < todo.length; i++) {
      const pack = todo[i];
      const { header } = pack;
      written.push(header.id);
      const marker: InstalledRelease = {
        id: header.id,
        system: header.meta.system,
        content: header.meta.content,
        meta: header.meta,
        counts: header.counts,
        rows: pack.rows.length,
        records: packRecordCount(pack),
        packSha256: '',
        origin: 'imported',
        installedAt: new Date().toISOString(),
      };
      const before = progress.rowsDone;
      progress.current = packLabel(header.meta);
      await writeReleaseRows(db, marker, pack, 0, (_rows, recordsDone) => {
        progress.rowsDone = before + recordsDone;
        report({ ...progress });
      });
      result.installed.push({ id: header.id, label: packLabel(header.meta), records: marker.records });
    }
  } catch (error) {
    for (const id of written) {
      await deleteReleaseRows(db, id);
      await db.releases.delete(id);
    }
    throw error;
  }
  return result;
}

/** An installed ICD-10-CM code list, read back as a release (the base an addenda applies to). */
async function installedCodeList(db: WorkstationDatabase, version: string): Promise<CodeListRelease | null> {
  const candidates = (await db.releases.where('system').equals('icd10cm').toArray()).filter((r) => r.content === 'codes' && r.meta.version === version);
  const release = candidates.sort((a, b) => b.installedAt.localeCompare(a.installedAt))[0];
  if (!release) return null;
  const blocks = await db.codeBlocks.where('[releaseId+block]').between([release.id, Dexie.minKey], [release.id, Dexie.maxKey]).toArray();
  const codes = blocks.flatMap((b) => readCodeBlock(b.json));
  if (codes.length !== release.records) throw new Error(`${SYSTEM_LABEL.icd10cm} ${version} is installed incompletely (${codes.length} of ${release.records} codes)`);
  // Blocks come back in category order, which is tabular order but for a few categories
  // (C4A after C43); the addenda places additions by their parent, so this is enough.
  return { meta: release.meta, codes };
}
