import { readCodeBlock } from '../codesets/code-block';
import type { IndexTerm } from '../codesets/index-xml';
import { tabularFromDocuments } from '../codesets/tabular-documents';
import type { TabularList } from '../codesets/tabular-xml';
import type { CodeListRelease, CodeRecord, ReleaseMeta } from '../codesets/types';
import { buildSearchCorpus, type SearchCorpus, type SearchReference } from './search-corpus';

/** An installed release's rows as stored (pack rows or IndexedDB rows: key + JSON text). */
export interface StoredRelease {
  meta: ReleaseMeta;
  rows: Iterable<{ key: string; json: string }>;
}

/**
 * The search corpus from installed releases, read the way they are stored: every code list,
 * plus the newest Alphabetic Index and Tabular List (returned too, for the code detail view). Used alike by the search worker (rows
 * from IndexedDB) and by the CLI and benchmarks (rows from the packs).
 */
export function corpusFromStoredReleases(releases: StoredRelease[]): { corpus: SearchCorpus; tabular?: TabularList } {
  const codeLists: CodeListRelease[] = [];
  const newest = (content: 'index' | 'tabular') =>
    releases.filter((r) => r.meta.system === 'icd10cm' && r.meta.content === content).sort((a, b) => (a.meta.effectiveFrom < b.meta.effectiveFrom ? 1 : -1))[0];
  // Consecutive releases share almost every block (FY2027 changed ~250 of 98k codes): a block
  // whose text was already read is reused, not parsed again.
  const blocksBySystem = new Map<string, Map<string, CodeRecord[]>>();
  for (const r of releases) {
    if (r.meta.content !== 'codes') continue;
    const codes: CodeRecord[] = [];
    let blocks = blocksBySystem.get(r.meta.system);
    if (!blocks) blocksBySystem.set(r.meta.system, (blocks = new Map()));
    for (const row of r.rows) {
      let records = blocks.get(row.json);
      if (!records) blocks.set(row.json, (records = readCodeBlock(row.json)));
      for (const c of records) codes.push(c);
    }
    codeLists.push({ meta: r.meta, codes });
  }
  const reference: SearchReference = {};
  const index = newest('index');
  if (index) {
    const mainTerms: IndexTerm[] = [];
    for (const row of index.rows) mainTerms.push(...(JSON.parse(row.json) as { mainTerms: IndexTerm[] }).mainTerms);
    reference.index = { meta: index.meta, mainTerms };
  }
  const tabularRelease = newest('tabular');
  const tabular = tabularRelease ? tabularFromDocuments(tabularRelease.meta, tabularRelease.rows) : undefined;
  if (tabular) reference.tabular = { meta: tabular.meta, entries: tabular.entries.values() };
  return { corpus: buildSearchCorpus(codeLists, reference), tabular };
}
