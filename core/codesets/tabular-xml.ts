/**
 * Parser for the CDC ICD-10-CM Tabular List XML (`icd10cm_tabular_YYYY.xml`), and the look-ups a
 * coder needs on top of it: which instructional notes are in effect for a code (with where each
 * was written), which 7th characters a code takes, and how a full 7-character code such as
 * S52.501A maps back to the Tabular entry it extends.
 *
 * The XML is read with saxes as a stream of events: building a DOM of the 9.5 MB file would
 * cost several times its size in memory, which matters in a browser tab or web worker.
 *
 * Structure of the file (FY2023, confirmed by counting every element/parent pair):
 *
 *     ICD10CM.tabular > version, introduction > introSection[type] > title, instruction > note
 *     ICD10CM.tabular > chapter > name, desc, includes|excludes1|excludes2|useAdditionalCode|notes,
 *                                 sectionIndex > sectionRef, section[id]
 *     section > desc, includes|inclusionTerm|excludes1|excludes2|codeFirst|useAdditionalCode|
 *               codeAlso|notes, diag
 *     diag[placeholder] > name, desc, (note kinds), sevenChrNote > note,
 *                         sevenChrDef > extension[char] | note, visualImpairment, diag
 *
 * Two quirks shape the model:
 * - Some sections are empty "blocks" (C00-C96, M00-M25, V00-V99, T20-T32, ...). They are written
 *   as siblings *before* the sections they enclose, yet their notes (e.g. the V00-V99 transport
 *   accident definitions) govern every code in their range. `TabularSection.parent` links each
 *   section to its enclosing block so those notes are inherited.
 * - A `<note>` inside `<sevenChrDef>` is an inclusion term of the 7th character written just
 *   before it (S52: "B initial encounter for open fracture type I or II" / "initial encounter
 *   for open fracture NOS"), kept as `SeventhCharacter.inclusionTerms`.
 */
import { SaxesParser } from 'saxes';
import { sha256Hex } from './checksum';
import { normalizeCodeInput } from './code-display';
import { fiscalYearRange } from './fiscal-year';
import { CodeSetFormatError } from './format-error';
import { firstInvalidUtf8, lineAt } from './text-file';
import type { ReleaseFile, ReleaseMeta } from './types';

/** The instructional-note elements of the Tabular, named as in the XML. */
export type TabularNoteKind =
  | 'inclusionTerm'
  | 'includes'
  | 'excludes1'
  | 'excludes2'
  | 'codeFirst'
  | 'useAdditionalCode'
  | 'codeAlso'
  | 'notes'
  | 'sevenChrNote';

/** One instructional note element as written, e.g. an Excludes1 with its list of terms. */
export interface TabularNote {
  kind: TabularNoteKind;
  /** The `<note>` lines in order, trimmed (the Tabular's own wording, not rephrased). */
  texts: string[];
}

/** One 7th character of a `sevenChrDef`, e.g. `A` = "initial encounter for closed fracture". */
export interface SeventhCharacter {
  char: string;
  meaning: string;
  /** Inclusion terms printed under this 7th character (e.g. "initial encounter for open fracture NOS"). */
  inclusionTerms?: string[];
}

/** The WHO visual impairment category table printed under H54.8 (the one table in the Tabular). */
export interface VisualImpairmentTable {
  /** Column headings as printed. */
  headings: { category: string; range: string; maximum: string; minimum: string };
  /** One row per category (1-5, 9), each with its acuity ranges in the three notations. */
  rows: { category: string; ranges: { maximum: string; minimum?: string }[] }[];
}

/** One `<diag>`: a category, subcategory or code as written in the Tabular. */
export interface TabularEntry {
  /** Code without the dot, upper case: `E0965`. */
  code: string;
  /** Code as printed: `E09.65`. */
  display: string;
  title: string;
  /** Code of the enclosing `<diag>` (no dot); null for a 3-character category. */
  parent: string | null;
  chapter: number;
  /** Id of the section the category is written in, e.g. `E08-E13`. */
  section: string;
  /** Notes written at this entry only, in document order; see `notesInEffect` for inherited ones. */
  notes: TabularNote[];
  /** This entry's own `sevenChrDef`; see `seventhCharactersFor` for the definition in effect. */
  seventhCharacters?: SeventhCharacter[];
  /** Codes of the `<diag>` children, in Tabular order. */
  children: string[];
  /** True for subcategories the XML marks as holding a placeholder X (e.g. H21.1X). */
  placeholder?: boolean;
  /** The visual impairment table (H54.8 only). */
  visualImpairment?: VisualImpairmentTable;
}

/**
 * A section (block of categories). A section with no categories is a heading block that encloses
 * the sections after it up to its last category (e.g. M00-M25 encloses M00-M02 ... M20-M25).
 */
export interface TabularSection {
  /** Section id as in the XML: `E08-E13`, or `B10` for a one-category section. */
  id: string;
  /** Section title without its trailing code range. */
  title: string;
  /** First and last category of the range, from the id. */
  first: string;
  last: string;
  chapter: number;
  notes: TabularNote[];
  /** Category codes (3 characters) written in this section, in order; empty for heading blocks. */
  categories: string[];
  /** Id of the enclosing heading block (e.g. `M00-M25` for `M00-M02`), or null. */
  parent: string | null;
}

export interface TabularChapter {
  number: number;
  /** Chapter title without its code range. */
  title: string;
  /** Code range of the chapter, e.g. `A00-B99`. */
  range: string;
  notes: TabularNote[];
  /** All sections of the chapter in order, heading blocks included. */
  sections: TabularSection[];
}

/** One part of the Tabular's introduction ("Instructional Notations"). */
export interface TabularIntroduction {
  type: string;
  title: string;
  notes: string[];
}

/** The parsed Tabular List of one release. Maps keep Tabular (document) order. */
export interface TabularList {
  meta: ReleaseMeta;
  introduction: TabularIntroduction[];
  chapters: TabularChapter[];
  /** Sections by id, heading blocks included. */
  sections: Map<string, TabularSection>;
  /** Entries by code without dot (`E0965`). */
  entries: Map<string, TabularEntry>;
}

/** Options for `parseTabularXml`; by default they come from the file's `<version>`. */
export interface TabularParseOptions {
  /** Version label, e.g. `FY2023`. */
  version?: string;
  /** YYYY-MM-DD; default the first day of the fiscal year (Oct 1 of the year before). */
  effectiveFrom?: string;
  /** YYYY-MM-DD or null; default the last day of the fiscal year (Sep 30). */
  effectiveTo?: string | null;
}

/** Where a note in effect for a code was written. */
export type NoteLevel = 'code' | 'category' | 'section' | 'chapter';

/** A note in effect for a code, with the place it was written at. */
export type InheritedNote = TabularNote & {
  /** Code (no dot), section id, or `chapter N`. */
  from: string;
  /** `code` for the code itself, `category` for any enclosing category or subcategory. */
  level: NoteLevel;
};

/** The 7th-character definition in effect for a code and where it was written. */
export interface SeventhCharacterSource {
  /** Code (no dot) of the category/subcategory holding the `sevenChrDef`. */
  from: string;
  /** The `sevenChrNote` lines written with it. */
  note?: string[];
  characters: SeventhCharacter[];
}

/** A code looked up in the Tabular. */
export interface ResolvedTabularCode {
  /** The entry written in the Tabular (the 6-character base for a 7th-character code). */
  entry: TabularEntry;
  /** The 7th character's meaning when the code carries one that is not written as a `<diag>`. */
  seventh?: SeventhCharacter;
  /**
   * True when the code as given is a complete code by the Tabular: a leaf entry, with a 7th
   * character where a `sevenChrDef` applies. False for headers and for codes missing their 7th
   * character (S52.501 without A/D/...). The code file, not this, decides HIPAA validity.
   */
  complete: boolean;
}

const NOTE_KINDS: ReadonlySet<string> = new Set<TabularNoteKind>([
  'inclusionTerm',
  'includes',
  'excludes1',
  'excludes2',
  'codeFirst',
  'useAdditionalCode',
  'codeAlso',
  'notes',
  'sevenChrNote',
]);

/** Elements whose text we keep; everything else is structure or ignored. */
const TEXT_ELEMENTS: ReadonlySet<string> = new Set(['name', 'desc', 'note', 'extension', 'version', 'title', 'heading', 'value']);

const ROOT = 'ICD10CM.tabular';
const DISPLAY_CODE = /^[A-Z][0-9][0-9A-Z](\.[0-9A-Z]{1,4})?$/;
/** A trailing code range in a title: `(A00-B99)`, `(B10)`. */
const TRAILING_RANGE = /\s*\(([A-Z][0-9][0-9A-Z](?:-[A-Z][0-9][0-9A-Z])?)\)\s*$/;

/**
 * Splits a Tabular heading such as `Neoplasms (C00-D49)` into its title and code range.
 * Returns range `''` when the heading carries none.
 */
export function splitTitleRange(heading: string): { title: string; range: string } {
  const m = TRAILING_RANGE.exec(heading);
  if (!m) return { title: heading.trim(), range: '' };
  return { title: heading.slice(0, m.index).trim(), range: m[1] };
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Frame {
  name: string;
  line: number;
  /** Path label, e.g. `chapter[4]`, `section[E08-E13]`, `diag[E09.65]`. */
  label: string;
}

interface DiagBuild {
  entry: TabularEntry;
  line: number;
  frame: Frame;
  hasName: boolean;
  hasDesc: boolean;
}

interface VisRowBuild {
  heading?: string;
  value?: string;
  ranges: { heading?: string; max?: string; min?: string }[];
}

/**
 * Parses the Tabular List XML into chapters, sections and entries.
 *
 * @throws CodeSetFormatError naming the file, line and element path when the bytes are empty,
 *   not UTF-8, not well-formed XML, not a Tabular List (wrong root), or structurally broken
 *   (a `<diag>` without `<name>`/`<desc>`, a malformed or duplicate code, a section without id).
 */
export async function parseTabularXml(file: ReleaseFile, opts: TabularParseOptions = {}): Promise<TabularList> {
  const text = decodeUtf8(file);
  const parsed = parseText(file.name, text);

  const label = opts.version ?? versionLabel(file.name, parsed.versionText);
  let defaults: { effectiveFrom: string; effectiveTo: string } | undefined;
  const fy = /^FY(\d{4})$/.exec(label);
  if (fy) defaults = fiscalYearRange(Number(fy[1]));
  const effectiveFrom = opts.effectiveFrom ?? defaults?.effectiveFrom;
  if (effectiveFrom === undefined) {
    throw new CodeSetFormatError(
      { file: file.name, element: `${ROOT} > version` },
      `cannot tell the dates of version '${label}'; pass effectiveFrom`,
    );
  }
  const effectiveTo = opts.effectiveTo !== undefined ? opts.effectiveTo : (defaults?.effectiveTo ?? null);

  const meta: ReleaseMeta = {
    system: 'icd10cm',
    content: 'tabular',
    version: label,
    effectiveFrom,
    effectiveTo,
    sources: [{ name: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length }],
  };
  return { meta, ...parsed.list };
}

function versionLabel(fileName: string, versionText: string | null): string {
  const v = (versionText ?? '').trim();
  if (/^\d{4}$/.test(v)) return `FY${v}`;
  if (/^FY\d{4}$/i.test(v)) return v.toUpperCase();
  throw new CodeSetFormatError(
    { file: fileName, element: `${ROOT} > version` },
    versionText === null ? 'no <version> element; pass the version' : `unrecognized <version> '${v}'; pass the version`,
  );
}

function decodeUtf8(file: ReleaseFile): string {
  if (file.bytes.length === 0) {
    throw new CodeSetFormatError({ file: file.name }, 'the file is empty; expected the ICD-10-CM Tabular List XML');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    // TextDecoder does not say where; find the byte ourselves so the coder can see the line.
    const offset = firstInvalidUtf8(file.bytes);
    throw new CodeSetFormatError(
      { file: file.name, line: offset >= 0 ? lineAt(file.bytes, offset) : undefined },
      offset >= 0
        ? `not valid UTF-8 (byte 0x${file.bytes[offset].toString(16).padStart(2, '0')} at offset ${offset})`
        : 'not valid UTF-8',
    );
  }
}


function parseText(fileName: string, text: string): { versionText: string | null; list: Omit<TabularList, 'meta'> } {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const frames: Frame[] = [];
  const chapters: TabularChapter[] = [];
  const sections = new Map<string, TabularSection>();
  const entries = new Map<string, TabularEntry>();
  // Line of each entry in insertion order; only read to report a duplicate code.
  const entryLines: number[] = [];
  const introduction: TabularIntroduction[] = [];
  let versionText: string | null = null;

  let chapter: TabularChapter | null = null;
  let chapterDesc = '';
  let section: TabularSection | null = null;
  const diags: DiagBuild[] = [];
  let noteGroup: TabularNote | null = null;
  let sevenDef: SeventhCharacter[] | null = null;
  let intro: TabularIntroduction | null = null;
  let vis: VisRowBuild[] | null = null;

  let capturing = false;
  let buf = '';

  const path = (): string => frames.map((f) => f.label).join(' > ');
  // A declaration (not an arrow) so TypeScript treats calls as ending the flow.
  function fail(problem: string, line: number = parser.line): never {
    throw new CodeSetFormatError({ file: fileName, line, element: path() }, problem);
  }
  const currentDiag = (): DiagBuild | undefined => diags[diags.length - 1];

  parser.on('error', (err) => {
    // saxes prefixes "line:column: "; the line goes into the location, the column stays in the text.
    const m = /^(\d+):(\d+): (.*)$/s.exec(err.message);
    const problem = m ? `not well-formed XML (column ${m[2]}): ${m[3]}` : `not well-formed XML: ${err.message}`;
    throw new CodeSetFormatError({ file: fileName, line: parser.line, element: frames.length ? path() : undefined }, problem);
  });

  // saxes runs the close-tag handler for every element a mismatched `</x>` pops *before* it
  // reports "unexpected close tag", so a structural complaint raised while closing is held back
  // one event: when the XML itself is broken, the coder sees that error, not its side effect.
  let pending: CodeSetFormatError | null = null;
  const throwPending = (): void => {
    if (pending) throw pending;
  };

  parser.on('text', (t) => {
    throwPending();
    if (capturing) buf += t;
  });

  parser.on('opentag', (tag) => {
    throwPending();
    const name = tag.name;
    const parent = frames.length ? frames[frames.length - 1].name : null;
    const frame: Frame = { name, line: parser.line, label: name };

    if (parent === null) {
      if (name !== ROOT) {
        throw new CodeSetFormatError(
          { file: fileName, line: parser.line, element: name },
          `not an ICD-10-CM Tabular List: root element is <${name}>, expected <${ROOT}>`,
        );
      }
      frames.push(frame);
      return;
    }
    frames.push(frame);
    if (TEXT_ELEMENTS.has(name)) {
      capturing = true;
      buf = '';
    }

    switch (name) {
      case 'chapter':
        if (parent !== ROOT) return;
        chapter = { number: NaN, title: '', range: '', notes: [], sections: [] };
        chapterDesc = '';
        frame.label = `chapter[${chapters.length + 1}]`;
        return;
      case 'section': {
        if (parent !== 'chapter' || !chapter) return;
        const id = (tag.attributes.id ?? '').trim();
        if (!id) fail('<section> has no id attribute');
        if (sections.has(id)) fail(`section ${id} appears twice`);
        const [first, last = first] = id.split('-');
        section = { id, title: '', first, last, chapter: chapter.number, notes: [], categories: [], parent: null };
        frame.label = `section[${id}]`;
        return;
      }
      case 'diag': {
        const up = currentDiag();
        if (parent === 'diag') {
          if (!up || !up.hasName) fail('<diag> has no <name> before its child <diag>', up?.line);
        } else if (parent !== 'section' || !section) {
          fail('<diag> outside a <section>');
        }
        const entry: TabularEntry = {
          code: '',
          display: '',
          title: '',
          parent: parent === 'diag' && up ? up.entry.code : null,
          chapter: chapter ? chapter.number : NaN,
          section: section ? section.id : '',
          notes: [],
          children: [],
        };
        if (tag.attributes.placeholder === 'true') entry.placeholder = true;
        diags.push({ entry, line: parser.line, frame, hasName: false, hasDesc: false });
        return;
      }
      case 'sevenChrDef': {
        const d = currentDiag();
        if (parent !== 'diag' || !d) return;
        sevenDef = d.entry.seventhCharacters = [];
        return;
      }
      case 'extension':
        if (parent === 'sevenChrDef' && !(tag.attributes.char ?? '').trim()) fail('<extension> has no char attribute');
        return;
      case 'introSection': {
        if (parent !== 'introduction') return;
        const created: TabularIntroduction = { type: tag.attributes.type ?? '', title: '', notes: [] };
        intro = created;
        introduction.push(created);
        return;
      }
      case 'visualImpairment':
        if (parent === 'diag') vis = [];
        return;
      case 'visCategory':
        if (vis && parent === 'visualImpairment') vis.push({ ranges: [] });
        return;
      case 'visRange':
        if (vis && parent === 'visCategory') vis[vis.length - 1].ranges.push({});
        return;
      default:
        if (NOTE_KINDS.has(name) && (parent === 'diag' || parent === 'section' || parent === 'chapter')) {
          noteGroup = { kind: name as TabularNoteKind, texts: [] };
          const owner = parent === 'diag' ? currentDiag()?.entry : parent === 'section' ? section : chapter;
          owner?.notes.push(noteGroup);
        }
    }
  });

  parser.on('closetag', (tag) => {
    throwPending();
    try {
      closeElement(tag.name, tag.attributes);
    } catch (err) {
      if (!(err instanceof CodeSetFormatError)) throw err;
      pending = err;
    }
    frames.pop();
  });

  function closeElement(name: string, attributes: Record<string, string>): void {
    const parent = frames.length > 1 ? frames[frames.length - 2].name : null;
    let value = '';
    if (TEXT_ELEMENTS.has(name)) {
      value = buf.trim();
      capturing = false;
      buf = '';
    }

    switch (name) {
      case 'version':
        if (parent === ROOT) versionText = value;
        break;
      case 'name':
        if (parent === 'chapter' && chapter) {
          const n = Number(value);
          if (!/^\d+$/.test(value) || n < 1) fail(`chapter <name> '${value}' is not a chapter number`);
          chapter.number = n;
          frames[frames.length - 2].label = `chapter[${n}]`;
        } else if (parent === 'diag') {
          registerDiagName(value);
        }
        break;
      case 'desc':
        if (parent === 'chapter' && chapter) chapterDesc = value;
        else if (parent === 'section' && section) section.title = splitTitleRange(value).title;
        else if (parent === 'diag') {
          const d = currentDiag();
          if (d) {
            d.entry.title = value;
            d.hasDesc = true;
          }
        }
        break;
      case 'title':
        if (parent === 'introSection' && intro) intro.title = value;
        break;
      case 'note':
        if (noteGroup && NOTE_KINDS.has(parent ?? '')) noteGroup.texts.push(value);
        else if (parent === 'sevenChrDef' && sevenDef) {
          // A note in a sevenChrDef is an inclusion term of the 7th character printed above it.
          const last = sevenDef[sevenDef.length - 1];
          if (!last) fail('<note> in <sevenChrDef> before any <extension>');
          (last.inclusionTerms ??= []).push(value);
        } else if (parent === 'instruction' && intro) intro.notes.push(value);
        break;
      case 'extension':
        if (parent === 'sevenChrDef' && sevenDef) {
          sevenDef.push({ char: (attributes.char ?? '').trim().toUpperCase(), meaning: value });
        }
        break;
      case 'heading':
      case 'value':
        if (vis) visText(vis, frames, name, value);
        break;
      case 'sevenChrDef':
        sevenDef = null;
        break;
      case 'visualImpairment': {
        const d = currentDiag();
        if (vis && d && parent === 'diag') d.entry.visualImpairment = visualTable(vis);
        vis = null;
        break;
      }
      case 'diag': {
        const d = currentDiag();
        if (!d) break;
        if (!d.hasName) fail('<diag> has no <name>', d.line);
        if (!d.hasDesc) fail(`<diag> ${d.entry.display} has no <desc>`, d.line);
        diags.pop();
        break;
      }
      case 'section':
        if (parent === 'chapter' && section && chapter) {
          chapter.sections.push(section);
          sections.set(section.id, section);
          section = null;
        }
        break;
      case 'chapter':
        if (parent === ROOT && chapter) {
          if (Number.isNaN(chapter.number)) fail('<chapter> has no <name>');
          finishChapter(chapter, chapterDesc);
          chapters.push(chapter);
          chapter = null;
        }
        break;
      case 'introSection':
        intro = null;
        break;
      default:
        if (NOTE_KINDS.has(name) && noteGroup) noteGroup = null;
    }
  }

  function registerDiagName(display: string): void {
    const d = currentDiag();
    if (!d) return;
    const shown = display.toUpperCase();
    if (!DISPLAY_CODE.test(shown)) fail(`<diag> <name> '${display}' is not an ICD-10-CM code`, d.line);
    const code = normalizeCodeInput(shown);
    if (entries.has(code)) fail(`code ${shown} appears twice (first at line ${firstLineOf(code)})`, d.line);
    const up = diags.length > 1 ? diags[diags.length - 2].entry : null;
    // No check that a child's code extends its parent's: the CDC file itself nests H54.512A
    // under the header H54.511 ("category 1-2"), and notes follow the tree as written.
    if (!up && code.length !== 3) fail(`${shown} is written directly in a section but is not a 3-character category`, d.line);
    d.entry.code = code;
    d.entry.display = shown;
    d.hasName = true;
    d.frame.label = `diag[${shown}]`;
    entries.set(code, d.entry);
    entryLines.push(d.line);
    if (up) up.children.push(code);
    else section?.categories.push(code);
  }

  function firstLineOf(code: string): number {
    let i = 0;
    for (const c of entries.keys()) {
      if (c === code) break;
      i++;
    }
    return entryLines[i];
  }

  function finishChapter(ch: TabularChapter, desc: string): void {
    const { title, range } = splitTitleRange(desc);
    ch.title = title;
    const firstSection = ch.sections[0];
    const lastSection = ch.sections[ch.sections.length - 1];
    ch.range = range || (firstSection && lastSection ? `${firstSection.first}-${lastSection.last}` : '');
    // Heading blocks have no categories and enclose the sections that follow them up to the one
    // ending with the block's last category; blocks nest (V00-X58 > V00-V99 > V00-V09).
    const open: TabularSection[] = [];
    for (const s of ch.sections) {
      s.chapter = ch.number;
      s.parent = open.length ? open[open.length - 1].id : null;
      if (s.categories.length === 0) {
        open.push(s);
        continue;
      }
      while (open.length && open[open.length - 1].last === s.last) open.pop();
    }
  }

  try {
    parser.write(text).close();
    throwPending();
  } catch (err) {
    if (err instanceof CodeSetFormatError) throw err;
    throw new CodeSetFormatError({ file: fileName, line: parser.line, element: frames.length ? path() : undefined }, String(err));
  }
  if (chapters.length === 0) {
    throw new CodeSetFormatError({ file: fileName, element: ROOT }, 'no <chapter> found; expected the ICD-10-CM Tabular List');
  }
  return { versionText, list: { introduction, chapters, sections, entries } };
}

function visText(vis: VisRowBuild[], frames: Frame[], name: 'heading' | 'value', value: string): void {
  const row = vis[vis.length - 1];
  if (!row) return;
  const parent = frames[frames.length - 2]?.name;
  const range = row.ranges[row.ranges.length - 1];
  if (parent === 'visCategory') row[name] = value;
  else if (parent === 'visRange' && range && name === 'heading') range.heading = value;
  else if (parent === 'visMax' && range) range.max = value;
  else if (parent === 'visMin' && range) range.min = value;
}

function visualTable(vis: VisRowBuild[]): VisualImpairmentTable {
  const head = vis.find((r) => r.heading !== undefined);
  const headRange = head?.ranges[0];
  return {
    headings: {
      category: head?.heading ?? '',
      range: headRange?.heading ?? '',
      maximum: headRange?.max ?? '',
      minimum: headRange?.min ?? '',
    },
    rows: vis
      .filter((r) => r !== head)
      .map((r) => ({
        category: r.value ?? '',
        ranges: r.ranges.map((x) => (x.min === undefined ? { maximum: x.max ?? '' } : { maximum: x.max ?? '', minimum: x.min })),
      })),
  };
}

// ---------------------------------------------------------------------------------------------
// Look-ups

/**
 * Finds the written entry for a code and, for a 7-character code that is not written as a
 * `<diag>`, the 7th character it carries. Placeholder X's before the 7th character are dropped
 * (T07XXXA -> T07, M4840XA -> M4840); a code whose X is part of the written code (T360X1A ->
 * T360X1) is found as written.
 */
function findEntry(list: TabularList, input: string): { entry: TabularEntry; seventhChar?: string } | null {
  const code = normalizeCodeInput(input);
  const direct = list.entries.get(code);
  if (direct) return { entry: direct };
  if (code.length !== 7) return null;
  let base = code.slice(0, 6);
  let entry = list.entries.get(base);
  while (!entry && base.length > 3 && base.endsWith('X')) {
    base = base.slice(0, -1);
    entry = list.entries.get(base);
  }
  return entry ? { entry, seventhChar: code[6] } : null;
}

/** The entry and its enclosing entries, nearest first. */
function lineage(list: TabularList, entry: TabularEntry): TabularEntry[] {
  const out = [entry];
  let p = entry.parent;
  while (p !== null) {
    const e = list.entries.get(p);
    if (!e) break;
    out.push(e);
    p = e.parent;
  }
  return out;
}

function nearestSeventh(chain: TabularEntry[]): TabularEntry | undefined {
  return chain.find((e) => e.seventhCharacters !== undefined);
}

/**
 * Looks a code up the way a coder writes it (`S52.501A`, `e0965`): the written entry, and for a
 * 7-character code built from a `sevenChrDef` (not written in the XML) the 7th character's
 * meaning. Returns null for codes the Tabular does not have, a 7th character the definition in
 * effect does not list, a 7th character on a code that takes none, or a 7th character added to
 * a code that is not a leaf (S52.50XA).
 */
export function resolveTabularCode(list: TabularList, code: string): ResolvedTabularCode | null {
  const found = findEntry(list, code);
  if (!found) return null;
  const { entry, seventhChar } = found;
  const source = nearestSeventh(lineage(list, entry));
  const leaf = entry.children.length === 0;
  if (seventhChar === undefined) {
    // A code written with 7 characters (C44.1021, H54.512A) has no room for another.
    return { entry, complete: leaf && (source === undefined || entry.code.length === 7) };
  }
  if (!leaf || !source) return null;
  const seventh = source.seventhCharacters?.find((c) => c.char === seventhChar);
  return seventh ? { entry, seventh, complete: true } : null;
}

/**
 * The 7th-character definition in effect for a code: its own `sevenChrDef` or the nearest one
 * above it (S52.52 has its own; S52.501 uses S52's). Accepts full 7-character codes. Null when
 * the code takes no 7th character or is not in the Tabular.
 */
export function seventhCharactersFor(list: TabularList, code: string): SeventhCharacterSource | null {
  const found = findEntry(list, code);
  if (!found) return null;
  const source = nearestSeventh(lineage(list, found.entry));
  if (!source || !source.seventhCharacters) return null;
  const note = source.notes.filter((n) => n.kind === 'sevenChrNote').flatMap((n) => n.texts);
  return note.length
    ? { from: source.code, note, characters: source.seventhCharacters }
    : { from: source.code, characters: source.seventhCharacters };
}

/**
 * Every instructional note that governs a code, outermost first: chapter, enclosing heading
 * blocks, section, categories/subcategories above the code, then the code itself.
 *
 * Inheritance (Official Guidelines I.A and the Tabular conventions): includes, excludes1,
 * excludes2, codeFirst, useAdditionalCode, codeAlso and notes written at a chapter, section or
 * category apply to every code below it. Inclusion terms of a category or subcategory belong to
 * that code only and are not passed down. A `sevenChrNote` is passed down with the `sevenChrDef`
 * it explains, from the nearest level that defines 7th characters only.
 *
 * Section-level inclusion terms (P35-P39, X71-X83, Y21-Y33, Z40-Z53) are kept: they describe the
 * whole block rather than a code above this one, and Y21-Y33's is an instruction a coder must see.
 *
 * Accepts full 7-character codes (S52.501A gets S52.501's own notes as level `code`). Returns an
 * empty list for a code the Tabular does not have.
 */
export function notesInEffect(list: TabularList, code: string): InheritedNote[] {
  const found = findEntry(list, code);
  if (!found) return [];
  const chain = lineage(list, found.entry);
  const seventhSource = nearestSeventh(chain);
  const out: InheritedNote[] = [];
  const add = (notes: TabularNote[], from: string, level: NoteLevel, keep: (n: TabularNote) => boolean): void => {
    for (const n of notes) if (keep(n)) out.push({ kind: n.kind, texts: n.texts, from, level });
  };

  const category = chain[chain.length - 1];
  const section = list.sections.get(category.section);
  const chapter = list.chapters.find((c) => c.number === category.chapter);
  const blocks: TabularSection[] = [];
  for (let s = section; s; s = s.parent ? list.sections.get(s.parent) : undefined) blocks.unshift(s);

  const notSeventhNote = (n: TabularNote): boolean => n.kind !== 'sevenChrNote';
  if (chapter) add(chapter.notes, `chapter ${chapter.number}`, 'chapter', notSeventhNote);
  for (const s of blocks) add(s.notes, s.id, 'section', notSeventhNote);
  for (let i = chain.length - 1; i >= 0; i--) {
    const e = chain[i];
    const own = i === 0;
    add(e.notes, e.code, own ? 'code' : 'category', (n) => {
      if (n.kind === 'sevenChrNote') return e === seventhSource;
      return own || n.kind !== 'inclusionTerm';
    });
  }
  return out;
}
