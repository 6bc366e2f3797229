/**
 * The edit reference data (MCE lists, NCCI MUE tables, CMS-HCC V28 mappings) as packs: a few
 * large documents each, since the edits read a whole list at once and IndexedDB pays per
 * record. Each document is the parsed data without its meta, which travels in the pack header.
 */
import type { Pack } from '../../codesets/pack';
import { documentsPack } from '../../codesets/release-pack';
import { countV28Pairs, type HccData } from './hcc-mappings';
import type { MceData } from './mce-definitions';
import { MUE_TABLE_KINDS, type MueData } from './mue-table';

/** Document keys. MUE documents are keyed by their table kind. */
export const MCE_DOCUMENT = 'definitions';
export const HCC_DOCUMENT = 'v28';

/** The MCE lists as one document; counts are codes per list, as the Code sets screen shows them. */
export function mcePack(data: MceData): Pack {
  const { meta, ...doc } = data;
  const counts = {
    newborn: data.ageLists.newborn.codes.length,
    pediatric: data.ageLists.pediatric.codes.length,
    maternity: data.ageLists.maternity.codes.length,
    adult: data.ageLists.adult.codes.length,
    manifestation: data.manifestation.length,
    unacceptablePrincipal: data.unacceptablePrincipal.length,
  };
  return documentsPack(meta, counts, [{ key: MCE_DOCUMENT, doc }]);
}

/** One document per MUE table; counts are codes per table, keyed by table kind. */
export function muePack(data: MueData): Pack {
  const documents: { key: string; doc: unknown }[] = [];
  const counts: Record<string, number> = {};
  for (const kind of MUE_TABLE_KINDS) {
    const rows = data.tables[kind];
    if (!rows) continue;
    documents.push({ key: kind, doc: rows });
    counts[kind] = Object.keys(rows).length;
  }
  return documentsPack(data.meta, counts, documents);
}

/** The V28 mappings as one document; counts are mapped codes and code -> HCC pairs. */
export function hccPack(data: HccData): Pack {
  return documentsPack(data.meta, { v28Codes: Object.keys(data.v28).length, v28Pairs: countV28Pairs(data) }, [{ key: HCC_DOCUMENT, doc: data.v28 }]);
}
