import Dexie from 'dexie';
import { rowRecordCount, type PackRecords } from '../../core/codesets/pack-rows';
import type { InstalledRelease, WorkstationDatabase } from './database';

/** Rows (code blocks or documents) per IndexedDB transaction while loading: ~5-10k codes,
 * so progress moves several times a second and an interrupted load redoes at most one chunk. */
export const LOAD_CHUNK_ROWS = 100;

/** Remove every row of a release (used to restart a load or undo a failed import). */
export async function deleteReleaseRows(db: WorkstationDatabase, releaseId: string): Promise<void> {
  await db.transaction('rw', db.codeBlocks, db.reference, db.releaseLoads, async () => {
    await db.codeBlocks.where('[releaseId+block]').between([releaseId, Dexie.minKey], [releaseId, Dexie.maxKey]).delete();
    await db.reference.where('[releaseId+key]').between([releaseId, Dexie.minKey], [releaseId, Dexie.maxKey]).delete();
    await db.releaseLoads.delete(releaseId);
  });
}

/**
 * Write a release's rows (code blocks or documents) in chunks, then its version marker, resuming after `progress.rowsDone`
 * rows when a previous load was cut short. Each chunk and its progress record commit together,
 * so the progress never claims rows that are not there.
 */
export async function writeReleaseRows(
  db: WorkstationDatabase,
  marker: InstalledRelease,
  records: PackRecords,
  startAt: number,
  onChunk: (rowsDone: number, recordsDone: number) => void,
): Promise<void> {
  const total = records.rows.length;
  const table = records.table === 'codes' ? db.codeBlocks : db.reference;
  let recordsDone = 0;
  for (let i = 0; i < startAt; i++) recordsDone += rowRecordCount(records, i);
  for (let from = startAt; from < total; from += LOAD_CHUNK_ROWS) {
    const to = Math.min(total, from + LOAD_CHUNK_ROWS);
    await db.transaction('rw', table, db.releaseLoads, async () => {
      if (records.table === 'codes') {
        await db.codeBlocks.bulkPut(records.rows.slice(from, to).map((b) => ({ releaseId: marker.id, block: b.block, codes: b.codes })));
      } else {
        await db.reference.bulkPut(records.rows.slice(from, to).map((d) => ({ releaseId: marker.id, key: d.key, doc: d.doc })));
      }
      await db.releaseLoads.put({ id: marker.id, packSha256: marker.packSha256, rowsDone: to, rowsTotal: total });
    });
    for (let i = from; i < to; i++) recordsDone += rowRecordCount(records, i);
    onChunk(to, recordsDone);
  }
  // The marker last, together with clearing the progress record.
  await db.transaction('rw', db.releases, db.releaseLoads, async () => {
    await db.releases.put(marker);
    await db.releaseLoads.delete(marker.id);
  });
}
