import Dexie from 'dexie';
import type { Pack } from '../../core/codesets/pack';
import type { InstalledRelease, WorkstationDatabase } from './database';

/** Rows (code blocks or documents) per IndexedDB transaction while loading: ~5-10k codes,
 * so progress moves several times a second and an interrupted load redoes at most one chunk. */
export const LOAD_CHUNK_ROWS = 200;

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
  pack: Pack,
  startAt: number,
  onChunk: (rowsDone: number, recordsDone: number) => void,
): Promise<void> {
  const rows = pack.rows;
  const total = rows.length;
  const isCodes = pack.header.meta.content === 'codes';
  const table = isCodes ? db.codeBlocks : db.reference;
  let recordsDone = 0;
  for (let i = 0; i < startAt; i++) recordsDone += rows[i].records;
  for (let from = startAt; from < total; from += LOAD_CHUNK_ROWS) {
    const to = Math.min(total, from + LOAD_CHUNK_ROWS);
    const chunk = rows.slice(from, to);
    await db.transaction('rw', table, db.releaseLoads, async () => {
      if (isCodes) await db.codeBlocks.bulkPut(chunk.map((r) => ({ releaseId: marker.id, block: r.key, json: r.json })));
      else await db.reference.bulkPut(chunk.map((r) => ({ releaseId: marker.id, key: r.key, json: r.json })));
      await db.releaseLoads.put({ id: marker.id, packSha256: marker.packSha256, rowsDone: to, rowsTotal: total });
    });
    for (const r of chunk) recordsDone += r.records;
    onChunk(to, recordsDone);
  }
  // The marker last, together with clearing the progress record.
  await db.transaction('rw', db.releases, db.releaseLoads, async () => {
    await db.releases.put(marker);
    await db.releaseLoads.delete(marker.id);
  });
}
