import { codesToColumns, groupIntoBlocks } from './code-block';
import { PACK_FORMAT, PACK_FORMAT_VERSION, releaseId, type Pack } from './pack';
import type { CodeListRelease, ReleaseMeta } from './types';

/**
 * Counts shown for a code list: ICD-10-CM/PCS billable codes and headers; CPT codes; HCPCS codes and
 * modifiers (all rows of the quarterly file, terminated ones included, since a date of
 * service before the termination date still needs them).
 */
export function codeListCounts(release: CodeListRelease): Record<string, number> {
  const counts: Record<string, number> = { rows: release.codes.length };
  if (release.meta.system === 'hcpcs') {
    counts.codes = release.codes.filter((c) => c.kind !== 'modifier').length;
    counts.modifiers = release.codes.filter((c) => c.kind === 'modifier').length;
    counts.terminated = release.codes.filter((c) => c.terminatedOn).length;
  } else if (release.meta.system === 'cpt') {
    // CPT files list codes only; there are no headers to count.
    counts.codes = release.codes.length;
  } else {
    counts.billable = release.codes.filter((c) => c.billable).length;
    counts.headers = release.codes.length - counts.billable;
  }
  return counts;
}

/** A code list as a pack: one row per 3-character block. */
export function codeListPack(release: CodeListRelease): Pack {
  const rows = groupIntoBlocks(release.codes).map((b) => ({ key: b.key, records: b.codes.length, json: JSON.stringify(codesToColumns(b.codes)) }));
  return { header: packHeader(release.meta, codeListCounts(release)), rows };
}

/** Reference content (Tabular, Index) as a pack: one row per document. */
export function documentsPack(meta: ReleaseMeta, counts: Record<string, number>, documents: { key: string; doc: unknown }[]): Pack {
  const rows = documents.map((d) => ({ key: d.key, records: 1, json: JSON.stringify(d.doc) }));
  return { header: packHeader(meta, { rows: rows.length, ...counts }), rows };
}

function packHeader(meta: ReleaseMeta, counts: Record<string, number>): Pack['header'] {
  return { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, id: releaseId(meta), meta, counts };
}
