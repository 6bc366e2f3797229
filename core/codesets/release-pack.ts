import { codesToColumns, columnsToCodes, PACK_FORMAT, PACK_FORMAT_VERSION, releaseId, type CodeColumns, type Pack } from './pack';
import type { CodeListRelease, CodeRecord } from './types';

/**
 * Counts shown for a code list: ICD-10-CM/PCS billable codes and headers; HCPCS codes and
 * modifiers (all rows of the quarterly file, terminated ones included, since a date of
 * service before the termination date still needs them).
 */
export function codeListCounts(release: CodeListRelease): Record<string, number> {
  const counts: Record<string, number> = { rows: release.codes.length };
  if (release.meta.system === 'hcpcs') {
    counts.codes = release.codes.filter((c) => c.kind !== 'modifier').length;
    counts.modifiers = release.codes.filter((c) => c.kind === 'modifier').length;
    counts.terminated = release.codes.filter((c) => c.terminatedOn).length;
  } else {
    counts.billable = release.codes.filter((c) => c.billable).length;
    counts.headers = release.codes.length - counts.billable;
  }
  return counts;
}

export function codeListPack(release: CodeListRelease): Pack<CodeColumns> {
  return {
    header: { format: PACK_FORMAT, formatVersion: PACK_FORMAT_VERSION, id: releaseId(release.meta), meta: release.meta, counts: codeListCounts(release) },
    payload: codesToColumns(release.codes),
  };
}

export function codeListFromPack(pack: Pack<CodeColumns>): CodeRecord[] {
  return columnsToCodes(pack.payload);
}
