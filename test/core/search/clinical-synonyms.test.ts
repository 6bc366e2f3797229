/**
 * Checks core/search/clinical-synonyms.json, the curated abbreviations, lay phrases, variant
 * spellings, supply shorthand and procedure names the lookup engine expands a query with.
 *
 * First the shape (lower case, no empty strings, known kinds, no term claimed by two entries).
 * Then the point of the list: an expansion is only useful when it is written in the words the
 * codes use. So every word of every expansion (stop words aside) must occur in an ICD-10-CM
 * FY2026 long title or an Alphabetic Index term, or, for kind 'supply', an HCPCS Level II long
 * description active in the 2025-10 file; and all the words of one expansion must occur
 * together in at least one title, index path or HCPCS description. A 'procedure' expansion is
 * held to the ICD-10-PCS FY2026 long titles alone: its words must be PCS title words, all of
 * them together in at least one PCS title. Words are cut the way the lookup engine cuts them
 * (core/search/text.ts `words`).
 *
 * When this fails, fix the data, not the check.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHcpcsXlsx } from '../../../core/codesets/hcpcs-xlsx';
import { flattenIndex, parseIndexXml } from '../../../core/codesets/index-xml';
import { parseOrderFile } from '../../../core/codesets/order-file';
import { words } from '../../../core/search/text';
import { rawFile } from '../raw-files';

const LIST_PATH = resolve(import.meta.dirname, '../../../core/search/clinical-synonyms.json');

const KINDS = ['abbreviation', 'lay', 'spelling', 'supply', 'procedure'] as const;
type Kind = (typeof KINDS)[number];

interface Entry {
  terms: string[];
  expansions: string[];
  kind: Kind;
  note?: string;
}

const ENTRY_KEYS: ReadonlySet<string> = new Set(['terms', 'expansions', 'kind', 'note']);
const MIN_ENTRIES = 150;
const MAX_ENTRIES = 400;

/** Words an expansion may use without any title using them. */
const STOP_WORDS: ReadonlySet<string> = new Set(['of', 'the', 'and', 'with', 'in', 'to', 'for', 'or', 'by', 'due', 'on', 'without', 'a', 'an']);

/** The words of an expansion that must be found in the official vocabulary. */
const contentWords = (expansion: string): string[] => [...new Set(words(expansion))].filter((w) => !STOP_WORDS.has(w));

/**
 * One body of official text (titles, index paths or HCPCS descriptions) as word -> the
 * documents that use it, so "all words in one document" is an intersection of short lists.
 */
class Vocabulary {
  private readonly postings = new Map<string, number[]>();
  private count = 0;

  constructor(
    readonly name: string,
    texts: Iterable<string>,
  ) {
    for (const text of texts) {
      const id = this.count++;
      for (const w of new Set(words(text))) {
        const list = this.postings.get(w);
        if (list) list.push(id);
        else this.postings.set(w, [id]);
      }
    }
  }

  get size(): number {
    return this.count;
  }

  has(word: string): boolean {
    return this.postings.has(word);
  }

  /** True when at least one document holds every one of `ws`. */
  together(ws: string[]): boolean {
    const lists: number[][] = [];
    for (const w of ws) {
      const list = this.postings.get(w);
      if (!list) return false;
      lists.push(list);
    }
    if (lists.length === 0) return false;
    lists.sort((a, b) => a.length - b.length);
    let common = lists[0];
    for (const list of lists.slice(1)) {
      const ids = new Set(list);
      common = common.filter((id) => ids.has(id));
      if (common.length === 0) return false;
    }
    return true;
  }
}

const isLowerCaseText = (s: unknown): s is string =>
  typeof s === 'string' && s.length > 0 && s === s.toLowerCase() && s === s.trim() && !/\s{2,}/.test(s);

/** Everything wrong with the file's shape, one line per problem. */
function shapeProblems(raw: unknown): string[] {
  const problems: string[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return ['the file is not a JSON object'];
  const root = raw as Record<string, unknown>;
  const extraRootKeys = Object.keys(root).filter((k) => k !== 'about' && k !== 'entries');
  if (extraRootKeys.length > 0) problems.push(`unknown top-level keys: ${extraRootKeys.join(', ')}`);
  if (typeof root.about !== 'string' || root.about.trim().length < 100) problems.push('"about" must be a paragraph describing the list');
  if (!Array.isArray(root.entries)) return [...problems, '"entries" must be an array'];

  root.entries.forEach((value: unknown, i) => {
    const at = `entry ${i}`;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${at}: not an object`);
      return;
    }
    const e = value as Record<string, unknown>;
    const name = Array.isArray(e.terms) && typeof e.terms[0] === 'string' ? `${at} (${e.terms[0]})` : at;
    const extra = Object.keys(e).filter((k) => !ENTRY_KEYS.has(k));
    if (extra.length > 0) problems.push(`${name}: unknown keys ${extra.join(', ')}`);
    for (const field of ['terms', 'expansions'] as const) {
      const list = e[field];
      if (!Array.isArray(list) || list.length === 0) {
        problems.push(`${name}: "${field}" must be a non-empty array`);
        continue;
      }
      for (const s of list) {
        if (!isLowerCaseText(s)) problems.push(`${name}: ${field} item ${JSON.stringify(s)} is not non-empty, trimmed, lower-case text`);
        else if (words(s).length === 0) problems.push(`${name}: ${field} item "${s}" has no word in it`);
      }
      if (new Set(list).size !== list.length) problems.push(`${name}: "${field}" repeats an item`);
    }
    if (typeof e.kind !== 'string' || !(KINDS as readonly string[]).includes(e.kind)) {
      problems.push(`${name}: kind ${JSON.stringify(e.kind)} is not one of ${KINDS.join(', ')}`);
    }
    if (e.note !== undefined && (typeof e.note !== 'string' || e.note.trim() === '')) problems.push(`${name}: "note" must be non-empty text when present`);
  });
  return problems;
}

const raw: unknown = JSON.parse(readFileSync(LIST_PATH, 'utf8'));
const shape = shapeProblems(raw);
const entries: Entry[] = shape.length === 0 ? (raw as { entries: Entry[] }).entries : [];

describe('clinical-synonyms.json: shape', () => {
  it('is an "about" paragraph and a list of well-formed entries', () => {
    expect(shape).toEqual([]);
  });

  it(`holds ${MIN_ENTRIES}-${MAX_ENTRIES} entries`, () => {
    expect(entries.length).toBeGreaterThanOrEqual(MIN_ENTRIES);
    expect(entries.length).toBeLessThanOrEqual(MAX_ENTRIES);
  });

  it('never gives a term to two entries, as typed or as the engine reads it', () => {
    const owner = new Map<string, number>();
    const ownerByWords = new Map<string, number>();
    const clashes: string[] = [];
    entries.forEach((e, i) => {
      for (const term of e.terms) {
        const first = owner.get(term);
        owner.set(term, first ?? i);
        // "a-fib" and "a fib" are the same words to the engine: one entry must own both.
        const key = words(term).join(' ');
        const firstByWords = ownerByWords.get(key);
        ownerByWords.set(key, firstByWords ?? i);
        if (first !== undefined && first !== i) clashes.push(`"${term}" is in entries ${first} and ${i}`);
        else if (firstByWords !== undefined && firstByWords !== i) clashes.push(`"${term}" reads as "${key}", already a term of entry ${firstByWords}`);
      }
    });
    expect(clashes).toEqual([]);
  });

  it('gives every expansion at least one word that is not a stop word', () => {
    const empty = entries.flatMap((e) => e.expansions.filter((x) => contentWords(x).length === 0).map((x) => `${e.terms[0]}: "${x}"`));
    expect(empty).toEqual([]);
  });

  it('uses every kind', () => {
    const used = new Set(entries.map((e) => e.kind));
    expect([...used].sort()).toEqual([...KINDS].sort());
  });
});

describe('clinical-synonyms.json: every expansion is in the official vocabulary', () => {
  let titles: Vocabulary;
  let indexPaths: Vocabulary;
  let hcpcs: Vocabulary;
  let pcsTitles: Vocabulary;

  beforeAll(async () => {
    const [order, index, hcpcsRelease, pcsOrder] = await Promise.all([
      parseOrderFile(rawFile('icd10cm/FY2026/cms_2026_dx.zip'), 'icd10cm'),
      parseIndexXml(rawFile('icd10cm/FY2023-tabular-index-xml/icd10cm_index_2023.xml')),
      parseHcpcsXlsx(rawFile('hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx')),
      parseOrderFile(rawFile('icd10pcs/FY2026/cms_2026_pr.zip'), 'icd10pcs'),
    ]);
    titles = new Vocabulary('ICD-10-CM FY2026 long titles', order.codes.map((c) => c.longTitle));
    indexPaths = new Vocabulary('Alphabetic Index paths', flattenIndex(index).map((p) => p.path.join(' ')));
    const from = hcpcsRelease.meta.effectiveFrom;
    hcpcs = new Vocabulary(
      'HCPCS 2025-10 long descriptions',
      hcpcsRelease.codes.filter((c) => c.terminatedOn === undefined || c.terminatedOn >= from).map((c) => c.longTitle),
    );
    pcsTitles = new Vocabulary('ICD-10-PCS FY2026 long titles', pcsOrder.codes.map((c) => c.longTitle));
  });

  const sourcesFor = (kind: Kind): Vocabulary[] => {
    if (kind === 'procedure') return [pcsTitles];
    return kind === 'supply' ? [titles, indexPaths, hcpcs] : [titles, indexPaths];
  };

  it('reads the whole vocabulary (so the checks below cannot pass on empty sources)', () => {
    expect(titles.size).toBe(98186);
    expect(indexPaths.size).toBeGreaterThan(70000);
    expect(hcpcs.size).toBeGreaterThan(7000);
    expect(pcsTitles.size).toBe(80029);
  });

  it('the check itself accepts title words and rejects invented or scattered ones', () => {
    expect(titles.together(contentWords('congestive heart failure'))).toBe(true);
    expect(indexPaths.together(contentWords('heart attack'))).toBe(true);
    expect(hcpcs.together(contentWords('blood glucose test strips'))).toBe(true);
    expect(titles.has('capacitor')).toBe(false);
    // Every word is a title word, but no one title (or index path) holds them all.
    const scattered = contentWords('cholera fracture of femur');
    expect(scattered.every((w) => titles.has(w))).toBe(true);
    expect(titles.together(scattered) || indexPaths.together(scattered)).toBe(false);
    // PCS titles name the operation, not the disease: a procedure expansion cannot lean on CM words.
    expect(pcsTitles.together(contentWords('resection of appendix, percutaneous endoscopic approach'))).toBe(true);
    expect(pcsTitles.has('hypertension')).toBe(false);
    const pcsScattered = contentWords('resection of appendix with drug-eluting intraluminal device');
    expect(pcsScattered.every((w) => pcsTitles.has(w))).toBe(true);
    expect(pcsTitles.together(pcsScattered)).toBe(false);
  });

  it('uses only words that occur in an ICD-10-CM title or index term (or an HCPCS description for supplies, a PCS title for procedures)', () => {
    const unknown: string[] = [];
    for (const e of entries) {
      const sources = sourcesFor(e.kind);
      for (const x of e.expansions) {
        const missing = contentWords(x).filter((w) => !sources.some((s) => s.has(w)));
        if (missing.length > 0) unknown.push(`${e.terms[0]} -> "${x}": no ${sources.map((s) => s.name).join(' / ')} uses ${missing.join(', ')}`);
      }
    }
    expect(unknown).toEqual([]);
  });

  it('finds all the words of each expansion together in one title, index path or description', () => {
    const scattered: string[] = [];
    for (const e of entries) {
      const sources = sourcesFor(e.kind);
      for (const x of e.expansions) {
        if (!sources.some((s) => s.together(contentWords(x)))) scattered.push(`${e.terms[0]} -> "${x}"`);
      }
    }
    expect(scattered).toEqual([]);
  });

  it('lists as a spelling variant only a term no title or index path already spells that way', () => {
    const alreadyOfficial = entries
      .filter((e) => e.kind === 'spelling')
      .flatMap((e) => e.terms.filter((t) => titles.together(words(t)) || indexPaths.together(words(t))));
    expect(alreadyOfficial).toEqual([]);
  });
});
