import { notesInEffect, resolveTabularCode, seventhCharactersFor, type InheritedNote, type SeventhCharacterSource, type TabularList } from '../codesets/tabular-xml';
import type { CodeSystem } from '../codesets/types';
import type { LookupEngine, LookupOptions } from './lookup-engine';
import type { ShownCode } from './search-corpus';

/** What the detail view shows for one code: the code from its release, and its Tabular context. */
export interface CodeDetail extends ShownCode {
  version: string;
  /** Alphabetic Index paths that lead here ("Diabetes, diabetic > type 2 > with > hyperglycemia"), from `indexVersion`. */
  indexTerms: string[];
  indexVersion?: string;
  inclusionTerms: string[];
  /** CMS-HCC V28 payment categories the code maps to, with the mapping's release (added by the caller that has the mapping). */
  hcc?: { categories: number[]; release: string };
  /** ICD-10-CM only, from the Tabular List of `tabular.version` (labelled: it may be older than the code's release). */
  tabular?: {
    version: string;
    chapter?: { number: number; title: string; range: string };
    section?: { id: string; title: string };
    /** Category down to the code, as written in the Tabular. */
    chain: { code: string; display: string; title: string }[];
    notes: InheritedNote[];
    seventh: SeventhCharacterSource | null;
    /** The meaning of this code's 7th character, when it has one. */
    seventhMeaning?: string;
  };
}

/** How many index paths the detail view lists (the first ones are the most general). */
export const DETAIL_INDEX_TERMS = 8;

/**
 * Everything the detail view shows for a code: title and release from the engine's corpus
 * (the release in effect on the date of service), index paths, and, for ICD-10-CM, its parent
 * chain, every instructional note in effect (inherited from category, section and chapter) and
 * the 7th-character choices, from the newest Tabular List installed.
 */
export function codeDetail(engine: LookupEngine, tabular: TabularList | undefined, system: CodeSystem, code: string, opts: LookupOptions = {}): CodeDetail | null {
  const found = engine.findCode(system, code, opts);
  if (!found) return null;
  const { entry, release } = found;
  const indexSource = engine.corpus.references.find((r) => r.kind === 'index');
  const detail: CodeDetail = {
    system,
    code,
    display: entry.display,
    title: entry.title,
    billable: entry.billable,
    version: release?.version ?? '',
    indexTerms: entry.indexTerms.slice(0, DETAIL_INDEX_TERMS).map((levels) => levels.join(' > ')),
    inclusionTerms: entry.inclusionTerms,
  };
  if (entry.kind) detail.kind = entry.kind;
  if (indexSource) detail.indexVersion = indexSource.version;
  if (system === 'icd10cm' && tabular) {
    const resolved = resolveTabularCode(tabular, code);
    const chain: { code: string; display: string; title: string }[] = [];
    let at = resolved?.entry ?? tabular.entries.get(code.slice(0, 6)) ?? null;
    while (at) {
      chain.unshift({ code: at.code, display: at.display, title: at.title });
      at = at.parent ? (tabular.entries.get(at.parent) ?? null) : null;
    }
    const category = chain.length ? tabular.entries.get(chain[0].code) : undefined;
    const chapter = category ? tabular.chapters.find((c) => c.number === category.chapter) : undefined;
    const section = category ? tabular.sections.get(category.section) : undefined;
    detail.tabular = {
      version: tabular.meta.version,
      chain,
      notes: notesInEffect(tabular, code),
      seventh: seventhCharactersFor(tabular, code),
    };
    if (chapter) detail.tabular.chapter = { number: chapter.number, title: chapter.title, range: chapter.range };
    if (section) detail.tabular.section = { id: section.id, title: section.title };
    if (resolved?.seventh) detail.tabular.seventhMeaning = resolved.seventh.meaning;
  }
  return detail;
}
