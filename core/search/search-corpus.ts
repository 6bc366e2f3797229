import { displayCode } from '../codesets/code-display';
import { lowerBound } from './word-index';
import type { AlphabeticIndex, IndexTerm } from '../codesets/index-xml';
import type { TabularEntry, TabularList } from '../codesets/tabular-xml';
import type { CodeListRelease, CodeSystem, ReleaseMeta } from '../codesets/types';

/** A code as every list and view shows it: code set, code (no dot) and display form, title, billable. */
export interface ShownCode {
  system: CodeSystem;
  code: string;
  display: string;
  title: string;
  billable: boolean;
  kind?: 'code' | 'modifier';
}

/**
 * One searchable code: a code of one code set with one title, valid in one or more installed
 * releases (FY2026 and FY2027 share almost every ICD-10-CM code, so they share entries; a
 * code whose title was revised gets one entry per title).
 */
export interface SearchEntry extends ShownCode {
  id: number;
  /** Bit i set = valid in release i of the corpus. */
  releaseMask: number;
  /** Alphabetic Index paths that lead to this code, one string per level: ["Diabetes, diabetic", "type 2", "with", "hyperglycemia"]. */
  indexTerms: string[][];
  /** Tabular inclusion terms written under this code. */
  inclusionTerms: string[];
}

/** Where an index path or inclusion term came from: shown with results, never mixed silently. */
export interface ReferenceSource {
  kind: 'index' | 'tabular';
  version: string;
}

export interface SearchCorpus {
  releases: ReleaseMeta[];
  entries: SearchEntry[];
  references: ReferenceSource[];
  stats: { indexPathsUsed: number; indexPathsUnmatched: number; inclusionTermsUsed: number; seeReferencesFollowed: number };
}

const NONE: never[] = Object.freeze([]) as unknown as never[];

/**
 * An incomplete index code ("S52.50-") passes its path to at most this many billable codes
 * below it: one side and 7th-character family (3 x 16). A broader one ("S52.-") stays with
 * its header only, where it would otherwise flood thousands of codes with the same words.
 */
export const INCOMPLETE_CODE_SPREAD = 48;

/** An inclusion term passes to at most this many billable codes below its subcategory (S52.5 has ~200). */
export const INCLUSION_TERM_SPREAD = 400;

/** Release masks are 31-bit integers. */
const MAX_RELEASES = 31;

/** Reference content to search besides titles: Index main terms and Tabular entries, with their release. */
export interface SearchReference {
  index?: { meta: ReleaseMeta; mainTerms: Iterable<IndexTerm> };
  tabular?: { meta: ReleaseMeta; entries: Iterable<TabularEntry> };
}

/** A parsed Alphabetic Index and Tabular List as search reference content. */
export function referenceFromParsed(index?: AlphabeticIndex, tabular?: TabularList): SearchReference {
  return {
    index: index && { meta: index.meta, mainTerms: index.letters.flatMap((l) => l.mainTerms) },
    tabular: tabular && { meta: tabular.meta, entries: tabular.entries.values() },
  };
}

/**
 * Build the corpus the engine indexes: every code of every code list, plus the Alphabetic
 * Index paths and Tabular inclusion terms that lead to each ICD-10-CM code. Index and
 * Tabular content may be from an older release (FY2023 is the newest XML we have): it is
 * attached only to codes that still exist, and the corpus records which release it came from.
 */
export function buildSearchCorpus(codeLists: CodeListRelease[], reference: SearchReference = {}): SearchCorpus {
  if (codeLists.length > MAX_RELEASES) throw new Error(`at most ${MAX_RELEASES} code-list releases can be searched at once`);
  const entries: SearchEntry[] = [];
  const bySystem = new Map<CodeSystem, Map<string, SearchEntry[]>>();
  codeLists.forEach((release, r) => {
    const system = release.meta.system;
    let byCode = bySystem.get(system);
    if (!byCode) bySystem.set(system, (byCode = new Map()));
    for (const c of release.codes) {
      const sameCode = byCode.get(c.code);
      // One entry per code, title and billable flag: Z87.890 is billable in FY2026 and a header in FY2027.
      let entry = sameCode?.find((e) => e.title === c.longTitle && e.billable === c.billable);
      if (!entry) {
        entry = {
          id: entries.length,
          system,
          code: c.code,
          display: displayCode(system, c.code),
          title: c.longTitle,
          billable: c.billable,
          releaseMask: 0,
          // Shared empty lists until the first term arrives: most codes have none, and 190k
          // pairs of empty arrays cost more garbage collection than the whole index build.
          indexTerms: NONE as string[][],
          inclusionTerms: NONE as string[],
        };
        if (c.kind) entry.kind = c.kind;
        entries.push(entry);
        if (sameCode) sameCode.push(entry);
        else byCode.set(c.code, [entry]);
      }
      entry.releaseMask |= 1 << r;
    }
  });
  const icd = (code: string) => bySystem.get('icd10cm')?.get(code) ?? [];
  // The index leads to incomplete codes ("S52.50-"); the coder completes them in the Tabular.
  // Its words then belong to every billable code below too, when there are not too many.
  const icdBillable = entries.filter((e) => e.system === 'icd10cm' && e.billable).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const icdBillableCodes = icdBillable.map((e) => e.code);
  const billableDescendants = (code: string, spread = INCOMPLETE_CODE_SPREAD): SearchEntry[] => {
    const from = lowerBound(icdBillableCodes, code);
    const to = lowerBound(icdBillableCodes, code + '\uffff');
    return to - from <= spread ? icdBillable.slice(from, to).filter((e) => e.code !== code) : [];
  };
  const stats = { indexPathsUsed: 0, indexPathsUnmatched: 0, inclusionTermsUsed: 0, seeReferencesFollowed: 0 };
  const references: ReferenceSource[] = [];

  if (reference.index) {
    references.push({ kind: 'index', version: reference.index.meta.version });
    const mainTerms = [...reference.index.mainTerms];
    const attach = (codes: IndexTerm['codes'], path: string[]) => {
      for (const c of codes) {
        if (c.manifestation) continue; // a manifestation is never what the path itself is coded to
        const targets = c.incomplete ? [...icd(c.code), ...billableDescendants(c.code)] : icd(c.code);
        if (targets.length === 0) stats.indexPathsUnmatched++;
        else stats.indexPathsUsed++;
        for (const t of targets) {
          if (t.indexTerms === NONE) t.indexTerms = [];
          t.indexTerms.push(path);
        }
      }
    };
    // "Attack, heart - see Infarct, myocardium": the index's cross-references are how it maps
    // lay and alternate words to the clinical term; followed here as a coder would.
    const byMainWord = new Map<string, IndexTerm[]>();
    for (const t of mainTerms) {
      const key = t.title.split(',')[0].trim().toLowerCase();
      const list = byMainWord.get(key);
      if (list) list.push(t);
      else byMainWord.set(key, [t]);
    }
    const resolveSee = (see: string): IndexTerm | null => {
      const parts = see.split(',').map((p) => p.trim().toLowerCase()).filter(Boolean);
      let term: IndexTerm | undefined = byMainWord.get(parts[0] ?? '')?.[0];
      if (!term) return null;
      for (const part of parts.slice(1)) {
        const next: IndexTerm | undefined = term.terms.find((sub) => sub.title.toLowerCase().startsWith(part));
        if (!next) break;
        term = next;
      }
      return term.codes.length ? term : null;
    };
    const walk = (term: IndexTerm, path: string[]) => {
      // The printed title keeps the nonessential modifiers ("Hypertension, hypertensive
      // (accelerated) (benign) (essential)"): words a coder types, which the code covers too.
      const here = [...path, term.printedTitle || term.title];
      attach(term.codes, here);
      if (term.see) {
        const target = resolveSee(term.see);
        if (target) {
          attach(target.codes, here);
          stats.seeReferencesFollowed++;
        }
      }
      for (const sub of term.terms) walk(sub, here);
    };
    for (const main of mainTerms) walk(main, []);
  }
  if (reference.tabular) {
    references.push({ kind: 'tabular', version: reference.tabular.meta.version });
    for (const entry of reference.tabular.entries) {
      const terms = entry.notes.filter((n) => n.kind === 'inclusionTerm').flatMap((n) => n.texts);
      if (terms.length === 0) continue;
      // An inclusion term under a subcategory ("S52.5: Fracture of distal end of radius")
      // describes every code below it too, so the billable codes carry its words.
      const below = entry.children.length ? billableDescendants(entry.code, INCLUSION_TERM_SPREAD) : [];
      for (const t of [...icd(entry.code), ...below]) {
        if (t.inclusionTerms === NONE) t.inclusionTerms = [];
        t.inclusionTerms.push(...terms);
        stats.inclusionTermsUsed += terms.length;
      }
    }
  }
  return { releases: codeLists.map((c) => c.meta), entries, references, stats };
}
