import type { TabularChapter, TabularEntry, TabularList, TabularSection } from './tabular-xml';
import type { ReleaseMeta } from './types';

/**
 * A Tabular List read back from its stored documents (see `tabularPack` in release-files.ts:
 * one per chapter, section and category), so the worker and the CLI get the same
 * `TabularList` the parser made and can ask it for a code's notes in effect.
 */
export function tabularFromDocuments(meta: ReleaseMeta, rows: Iterable<{ key: string; json: string }>): TabularList {
  const chapters: (Omit<TabularChapter, 'sections'> & { sections: string[] })[] = [];
  const sections = new Map<string, TabularSection>();
  const entries = new Map<string, TabularEntry>();
  for (const row of rows) {
    const doc = JSON.parse(row.json);
    if (row.key.startsWith('chapter:')) chapters.push(doc);
    else if (row.key.startsWith('section:')) sections.set((doc as TabularSection).id, doc);
    else if (row.key.startsWith('category:')) for (const e of (doc as { entries: TabularEntry[] }).entries) entries.set(e.code, e);
  }
  chapters.sort((a, b) => a.number - b.number);
  return {
    meta,
    introduction: [],
    chapters: chapters.map((c) => ({ ...c, sections: c.sections.map((id) => sections.get(id)).filter((s): s is TabularSection => s !== undefined) })),
    sections,
    entries,
  };
}
