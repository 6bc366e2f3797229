/**
 * Parser for the CDC ICD-10-CM Alphabetic Index XML (`icd10cm_index_YYYY.xml`, the
 * "Index to Diseases and Injuries"). Coders start every lookup here: main term, then
 * subterms, then the code to verify in the Tabular. The parser keeps the index as the book
 * prints it (nesting, nonessential modifiers, cross-references, incomplete codes) so the UI
 * can show the same path a coder would follow on paper.
 *
 * Element kinds in the FY2023 file and how they map:
 * - `mainTerm` / `term[level]`        -> {@link IndexTerm} (level 0 / 1..n)
 * - `title` (with inline `nemod`)     -> `title`, `printedTitle`, `nonessential`
 * - `code`                            -> a code, possibly ending in `-` (incomplete)
 * - `manif`                           -> a manifestation code, printed in [brackets]
 * - `subcat`                          -> a subcategory, printed with `-` (needs more characters)
 * - `see` / `seeAlso`                 -> cross-references
 * - `seecat`                          -> "see category M01"
 *
 * The Neoplasm Table and the Table of Drugs and Chemicals (`<cell>`, `<indexHeading>`) are
 * separate files with the same root element; they are rejected here with a clear message
 * rather than silently losing their table columns.
 */
import { SaxesParser } from 'saxes';
import type { SaxesTagPlain } from 'saxes';
import { sha256Hex } from './checksum';
import { fiscalYearRange } from './fiscal-year';
import { CodeSetFormatError } from './format-error';
import { firstInvalidUtf8, lineAt } from './text-file';
import type { ReleaseFile, ReleaseMeta } from './types';

/** A code printed against an index entry. */
export interface IndexCode {
  /** Code without the dot and without a trailing dash, upper case: `E1165`, `S525`. */
  code: string;
  /** The code as the index prints it (without manifestation brackets): `E11.65`, `S52.5-`. */
  display: string;
  /**
   * True when the index marks the code as incomplete (trailing `-`, or a `<subcat>`):
   * the coder must pick the remaining characters in the Tabular before it is reportable.
   */
  incomplete: boolean;
  /**
   * True for a manifestation code, printed in [brackets] after the etiology code. It is
   * sequenced after the underlying condition and is never a principal diagnosis.
   */
  manifestation?: boolean;
}

/** A main term (level 0) or a subterm (level 1..n) of the Alphabetic Index. */
export interface IndexTerm {
  /**
   * The essential words of the entry, without its nonessential modifiers:
   * `Diabetes, diabetic` (printed `Diabetes, diabetic (mellitus) (sugar)`). When an entry is
   * nothing but a modifier, e.g. `(taser)`, the title is the printed text.
   */
  title: string;
  /** The entry as printed, modifiers in place: `vein (peripheral) NEC`, `Ache(s)`. */
  printedTitle: string;
  /**
   * Nonessential modifiers, one per top-level parenthesis group, in printed order:
   * `['(-astasia)', '(hysterical)']`. Their presence or absence does not change the code.
   */
  nonessential: string[];
  /** Codes in printed order; a manifestation code follows its etiology code. */
  codes: IndexCode[];
  /** "see" cross-reference: the coder must look there instead, e.g. `Maltreatment`. */
  see?: string;
  /** "see also" cross-reference: another place that may hold a better entry. */
  seeAlso?: string;
  /** "see category" cross-reference to a Tabular category as printed, e.g. `M01`. */
  seeCategory?: string;
  /** 0 for a main term, 1 for its subterms, 2 for theirs, and so on. */
  level: number;
  terms: IndexTerm[];
}

/** One letter section of the index. */
export interface IndexLetter {
  /** The letter heading, e.g. `A`. */
  letter: string;
  mainTerms: IndexTerm[];
}

/** A parsed Alphabetic Index with the release it belongs to. */
export interface AlphabeticIndex {
  meta: ReleaseMeta;
  /** The index's own title, e.g. `ICD-10-CM INDEX TO DISEASES and INJURIES`. */
  title: string;
  letters: IndexLetter[];
}

/** Overrides for the release metadata; by default it comes from the file's `<version>`. */
export interface IndexParseOptions {
  /** Version label, e.g. `FY2023`. Default: `FY` + `<version>`. */
  version?: string;
  /** Default: October 1 of the year before the fiscal year. */
  effectiveFrom?: string;
  /** Default: September 30 of the fiscal year. */
  effectiveTo?: string | null;
}

/** One index entry that leads somewhere (a code or a cross-reference), with its full path. */
export interface IndexPath {
  /** Main term, then each subterm, by essential title: `['Diabetes, diabetic', 'type 2', 'with', 'hyperglycemia']`. */
  path: string[];
  codes: IndexCode[];
  see?: string;
  seeAlso?: string;
  seeCategory?: string;
}

const ROOT = 'ICD10CM.index';

/** Elements whose content is text (with inline markup such as `nemod`). */
type TextElement = 'version' | 'title' | 'code' | 'manif' | 'subcat' | 'seecat' | 'see' | 'seeAlso';

/** Text elements that may appear directly inside `mainTerm` / `term`. */
const TERM_TEXT_ELEMENTS: ReadonlySet<string> = new Set(['title', 'code', 'manif', 'subcat', 'seecat', 'see', 'seeAlso']);

/** Elements of the Neoplasm / Drug tables, named so the error says which file was fed. */
const TABLE_ELEMENTS: ReadonlySet<string> = new Set(['cell', 'indexHeading', 'head']);

/**
 * The code shape the index prints: category, optional dot and up to 4 more characters,
 * optional trailing dash (`S52.5-`, `P92.-`, `T38.0X1-` style).
 */
const CODE_SHAPE = /^([A-Z][0-9][0-9A-Z])(?:\.([0-9A-Z]{0,4}))?(-)?$/;

/**
 * Modifiers the book glues to the preceding word instead of separating by a space:
 * plural or spelling variants such as `Ache(s)`, `Bulla(e)`, `Amnes(t)ic`, `Lp(a)`.
 */
const GLUED_MODIFIER = /^\((?:s|es|e|a|t|ism)\)/;

interface Segment {
  text: string;
  nonessential: boolean;
}

interface TextCapture {
  element: TextElement;
  /** Line where the element opened, for messages about its content. */
  line: number;
  /** Depth of inline elements currently open inside the captured element. */
  depth: number;
  /** Depth of open `nemod` elements; text inside them is nonessential. */
  nemodDepth: number;
  segments: Segment[];
}

interface Frame {
  name: string;
  line: number;
  term?: IndexTerm;
  letter?: IndexLetter;
  hasTitle?: boolean;
}

/**
 * Parse the Alphabetic Index XML. Throws {@link CodeSetFormatError} (file, line, element)
 * for invalid UTF-8, malformed XML, a file that is not the Alphabetic Index (e.g. the
 * Tabular), a term without a title, a bad `level`, or a code that is not code-shaped.
 */
export async function parseIndexXml(file: ReleaseFile, opts: IndexParseOptions = {}): Promise<AlphabeticIndex> {
  const { name } = file;
  if (file.bytes.length === 0) {
    throw new CodeSetFormatError({ file: name, line: 1 }, 'file is empty; expected the ICD-10-CM Alphabetic Index XML');
  }
  const text = decodeUtf8(file);

  // Explicitly typed so TypeScript narrows after a call (assertion-style control flow).
  const fail: (line: number, problem: string, element?: string) => never = (line, problem, element) => {
    throw new CodeSetFormatError(element === undefined ? { file: name, line } : { file: name, line, element }, problem);
  };

  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true });
  const stack: Frame[] = [];
  const letters: IndexLetter[] = [];
  let capture: TextCapture | null = null;
  let sawRoot = false;
  let xmlVersion: string | undefined;
  let indexTitle = '';

  const path = (extra?: string): string => {
    const parts = stack.map(frameLabel);
    if (extra !== undefined) parts.push(extra);
    return parts.join(' > ');
  };

  parser.on('error', (err) => {
    // saxes prefixes "line:column: "; the location goes into our own error instead.
    const problem = err.message.replace(/^\d+:\d+:\s*/, '');
    fail(parser.line, `not well-formed XML: ${problem}`, stack.length > 0 ? path() : undefined);
  });

  parser.on('opentag', (tag: SaxesTagPlain) => {
    const line = parser.line;
    if (capture !== null) {
      // Markup inside a text element is inline: keep its text, mark nemod as nonessential.
      capture.depth++;
      if (tag.name === 'nemod') capture.nemodDepth++;
      stack.push({ name: tag.name, line });
      return;
    }
    if (stack.length === 0) {
      if (tag.name !== ROOT) {
        fail(line, `not an ICD-10-CM Alphabetic Index: root element is <${tag.name}>, expected <${ROOT}>`, tag.name);
      }
      sawRoot = true;
      stack.push({ name: tag.name, line });
      return;
    }
    const parent = stack[stack.length - 1];
    switch (parent.name) {
      case ROOT:
        if (tag.name === 'version' || tag.name === 'title') {
          capture = startCapture(tag.name, line);
        } else if (tag.name === 'letter') {
          const letter: IndexLetter = { letter: '', mainTerms: [] };
          letters.push(letter);
          stack.push({ name: tag.name, line, letter });
          return;
        } else {
          unexpected(tag.name, parent, line);
        }
        break;
      case 'letter':
        if (tag.name === 'title') {
          if (parent.hasTitle) fail(line, 'letter has more than one <title>', path('title'));
          parent.hasTitle = true;
          capture = startCapture('title', line);
        } else if (tag.name === 'mainTerm') {
          const term = newTerm(0);
          parent.letter!.mainTerms.push(term);
          stack.push({ name: tag.name, line, term });
          return;
        } else {
          unexpected(tag.name, parent, line);
        }
        break;
      case 'mainTerm':
      case 'term':
        if (tag.name === 'term') {
          const term = newTerm(termLevel(tag, parent.term!.level, line));
          parent.term!.terms.push(term);
          stack.push({ name: tag.name, line, term });
          return;
        }
        if (!TERM_TEXT_ELEMENTS.has(tag.name)) unexpected(tag.name, parent, line);
        if (tag.name === 'title') {
          if (parent.hasTitle) fail(line, `${parent.name} has more than one <title>`, path('title'));
          parent.hasTitle = true;
        } else if (tag.name === 'see' || tag.name === 'seeAlso' || tag.name === 'seecat') {
          const field = tag.name === 'seecat' ? 'seeCategory' : tag.name;
          if (parent.term![field] !== undefined) fail(line, `${parent.name} has more than one <${tag.name}>`, path(tag.name));
        }
        capture = startCapture(tag.name as TextElement, line);
        break;
      default:
        unexpected(tag.name, parent, line);
    }
    stack.push({ name: tag.name, line });
  });

  const onText = (chunk: string): void => {
    if (capture !== null) {
      const nonessential = capture.nemodDepth > 0;
      const last = capture.segments[capture.segments.length - 1];
      if (last !== undefined && last.nonessential === nonessential) last.text += chunk;
      else capture.segments.push({ text: chunk, nonessential });
      return;
    }
    // Between structural elements only indentation is expected; stray words mean damage.
    if (stack.length > 0 && /\S/.test(chunk)) {
      fail(parser.line, `unexpected text "${chunk.trim().slice(0, 40)}"`, path());
    }
  };
  parser.on('text', onText);
  // CDC does not use CDATA, but an edited file might; its text counts like any other.
  parser.on('cdata', onText);

  parser.on('closetag', () => {
    const frame = stack.pop()!;
    if (capture !== null) {
      if (capture.depth > 0) {
        capture.depth--;
        if (frame.name === 'nemod') capture.nemodDepth--;
        return;
      }
      const done = capture;
      capture = null;
      finishCapture(done, stack[stack.length - 1]);
      return;
    }
    if (frame.term !== undefined) {
      if (!frame.hasTitle || frame.term.printedTitle === '') {
        stack.push(frame); // so the path names the term itself
        fail(frame.line, `${frame.name} has no title`, path());
      }
    } else if (frame.letter !== undefined) {
      if (!frame.hasTitle || frame.letter.letter === '') {
        stack.push(frame);
        fail(frame.line, 'letter has no title', path());
      }
    }
  });

  const unexpected: (tagName: string, parent: Frame, line: number) => never = (tagName, parent, line) => {
    const hint = TABLE_ELEMENTS.has(tagName)
      ? ' (this looks like the Neoplasm Table or Table of Drugs, which this parser does not read)'
      : '';
    return fail(line, `unexpected element <${tagName}> in <${parent.name}>${hint}`, path(tagName));
  };

  const termLevel = (tag: SaxesTagPlain, parentLevel: number, line: number): number => {
    const raw = tag.attributes.level;
    if (raw === undefined) fail(line, 'term has no level attribute', path('term'));
    const level = /^\s*\d+\s*$/.test(raw) ? Number(raw) : NaN;
    if (level === parentLevel + 1) return level;
    // Failure paths only from here: building the element path is not worth it per term.
    const where = path(`term[level="${raw}"]`);
    if (Number.isNaN(level)) fail(line, `term level "${raw}" is not a number`, where);
    return fail(
      line,
      level > parentLevel + 1
        ? `term level ${level} skips level ${parentLevel + 1} (parent is level ${parentLevel})`
        : `term level ${level} is not below its parent (level ${parentLevel})`,
      where,
    );
  };

  const finishCapture = (done: TextCapture, owner: Frame): void => {
    if (owner.name === ROOT) {
      const value = collapse(done.segments.map((s) => s.text).join(''));
      if (done.element === 'version') xmlVersion = value;
      else indexTitle = value;
      return;
    }
    if (owner.letter !== undefined) {
      owner.letter.letter = collapse(done.segments.map((s) => s.text).join(''));
      return;
    }
    const term = owner.term!;
    switch (done.element) {
      case 'title': {
        const t = splitTitle(done.segments);
        term.title = t.title;
        term.printedTitle = t.printed;
        term.nonessential.unshift(...t.nonessential);
        break;
      }
      case 'see':
      case 'seeAlso': {
        const value = printed(done.segments);
        if (value === '') fail(done.line, `empty <${done.element}>`, path(done.element));
        term[done.element] = value;
        break;
      }
      case 'seecat': {
        const value = collapse(done.segments.map((s) => s.text).join(''));
        if (!CODE_SHAPE.test(value.toUpperCase())) fail(done.line, `"${value}" is not an ICD-10-CM category`, path(done.element));
        term.seeCategory = value;
        break;
      }
      case 'code':
      case 'manif':
      case 'subcat': {
        const value = collapse(done.segments.map((s) => s.text).join(''));
        const code = toIndexCode(value, done.element);
        if (code !== null) {
          term.codes.push(code);
        } else if (done.element === 'manif' && value !== '') {
          // FY2023 tags the abbreviation "SCFE" (slipped capital femoral epiphysis) as a
          // manifestation. It is bracketed text, not a code: keep it visible as a modifier.
          term.nonessential.push(`[${value}]`);
        } else {
          fail(done.line, `"${value}" is not an ICD-10-CM code`, path(done.element));
        }
        break;
      }
      default:
        break;
    }
  };

  try {
    parser.write(text).close();
  } catch (err) {
    if (err instanceof CodeSetFormatError) throw err;
    // A saxes bug or an unexpected throw: still report where it happened.
    fail(parser.line, `cannot parse XML: ${(err as Error).message}`);
  }

  if (!sawRoot) fail(parser.line, 'no root element');
  if (letters.length === 0) fail(parser.line, `no <letter> in <${ROOT}>`, ROOT);

  const meta = await releaseMeta(file, xmlVersion, opts);
  return { meta, title: indexTitle, letters };
}

/**
 * Every index entry that leads somewhere: a term with a code, a "see", a "see also" or a
 * "see category", with the path of essential titles from its main term. Entries are in
 * index order, parents before their subterms.
 */
export function flattenIndex(index: AlphabeticIndex): IndexPath[] {
  const out: IndexPath[] = [];
  const path: string[] = [];
  const visit = (term: IndexTerm): void => {
    path.push(term.title);
    if (
      term.codes.length > 0 ||
      term.see !== undefined ||
      term.seeAlso !== undefined ||
      term.seeCategory !== undefined
    ) {
      const entry: IndexPath = { path: path.slice(), codes: term.codes };
      if (term.see !== undefined) entry.see = term.see;
      if (term.seeAlso !== undefined) entry.seeAlso = term.seeAlso;
      if (term.seeCategory !== undefined) entry.seeCategory = term.seeCategory;
      out.push(entry);
    }
    for (const child of term.terms) visit(child);
    path.pop();
  };
  for (const letter of index.letters) for (const main of letter.mainTerms) visit(main);
  return out;
}

function newTerm(level: number): IndexTerm {
  return { title: '', printedTitle: '', nonessential: [], codes: [], level, terms: [] };
}

function startCapture(element: TextElement, line: number): TextCapture {
  return { element, line, depth: 0, nemodDepth: 0, segments: [] };
}

function frameLabel(frame: Frame): string {
  if (frame.letter !== undefined && frame.letter.letter !== '') return `letter[${frame.letter.letter}]`;
  if (frame.term !== undefined && frame.term.title !== '') return `${frame.name}[${frame.term.title}]`;
  return frame.name;
}

/** Whitespace runs to one space, trimmed; most index texts need only the trim (hot path). */
function collapse(text: string): string {
  return /\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/**
 * The text as the book prints it. The XML puts `nemod` right after the word with no space
 * (`Abasia<nemod>(-astasia)`), while the book prints `Abasia (-astasia)`; only plural and
 * spelling variants stay glued (`Ache(s)`).
 */
function printed(segments: Segment[]): string {
  let out = '';
  for (const seg of segments) {
    if (!seg.nonessential) {
      out += seg.text;
      continue;
    }
    const mod = seg.text.trim();
    if (mod === '') continue;
    const glue = out === '' || /[\s(]$/.test(out) || (/[\p{L}\p{N}]$/u.test(out) && GLUED_MODIFIER.test(mod));
    out += glue ? mod : ` ${mod}`;
  }
  return collapse(out);
}

/**
 * Split a title into essential words and nonessential modifiers. CDC's `nemod` sometimes
 * wraps essential words too (`Erb<nemod>(-Duchenne) paralysis (birth injury)</nemod>`, printed
 * `Erb(-Duchenne) paralysis (birth injury)`): by ICD-10-CM convention only parenthesized
 * groups are nonessential, so words outside parentheses stay in the title (`Erb paralysis`).
 */
function splitTitle(segments: Segment[]): { title: string; printed: string; nonessential: string[] } {
  let essential = '';
  const nonessential: string[] = [];
  for (const seg of segments) {
    if (!seg.nonessential) {
      essential += seg.text;
      continue;
    }
    const { groups, rest } = parenGroups(seg.text);
    for (const g of groups) nonessential.push(collapse(g));
    essential += rest;
  }
  const shown = printed(segments);
  const title = collapse(essential).replace(/\s+([,;:])/g, '$1');
  // An entry that is only a modifier, e.g. `(taser)`, keeps its printed text as title.
  return { title: title === '' ? shown : title, printed: shown, nonessential };
}

/**
 * Top-level balanced `( ... )` groups of a modifier text, and the text outside them. A stray
 * `)` the book itself prints (`Sin Nombre ... (cardio)-pulmonary syndrome)`) stays in the rest;
 * an unclosed `(` still counts as a modifier.
 */
function parenGroups(text: string): { groups: string[]; rest: string } {
  const groups: string[] = [];
  let rest = '';
  let depth = 0;
  let start = 0; // start of the open group
  let restStart = 0; // start of the text outside groups not yet copied
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x28 /* ( */) {
      if (depth === 0) {
        rest += text.slice(restStart, i);
        start = i;
      }
      depth++;
    } else if (c === 0x29 /* ) */ && depth > 0) {
      depth--;
      if (depth === 0) {
        groups.push(text.slice(start, i + 1));
        restStart = i + 1;
      }
    }
  }
  if (depth > 0) groups.push(text.slice(start));
  else rest += text.slice(restStart);
  return { groups, rest };
}

function toIndexCode(value: string, element: 'code' | 'manif' | 'subcat'): IndexCode | null {
  const m = CODE_SHAPE.exec(value.toUpperCase());
  if (m === null) return null;
  const [, category, rest, dash] = m;
  // `<subcat>` names a subcategory; the book prints it with a dash because more characters
  // are required (e.g. Bonnier's syndrome H81.8-).
  const incomplete = dash !== undefined || element === 'subcat';
  const code: IndexCode = {
    code: category + (rest ?? ''),
    display: element === 'subcat' && dash === undefined ? `${value}-` : value,
    incomplete,
  };
  if (element === 'manif') code.manifestation = true;
  return code;
}

function decodeUtf8(file: ReleaseFile): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    const offset = firstInvalidUtf8(file.bytes);
    const line = offset < 0 ? undefined : lineAt(file.bytes, offset);
    throw new CodeSetFormatError(
      line === undefined ? { file: file.name } : { file: file.name, line },
      offset < 0 ? 'not valid UTF-8' : `not valid UTF-8 (byte 0x${file.bytes[offset].toString(16).padStart(2, '0')} at offset ${offset})`,
    );
  }
}



async function releaseMeta(file: ReleaseFile, xmlVersion: string | undefined, opts: IndexParseOptions): Promise<ReleaseMeta> {
  const fromXml = xmlVersion !== undefined && /^\d{4}$/.test(xmlVersion) ? Number(xmlVersion) : undefined;
  const fromOpt = opts.version !== undefined ? /^FY(\d{4})$/i.exec(opts.version)?.[1] : undefined;
  // The label the caller gives wins; the XML's <version> is only the default.
  const fiscalYear = fromOpt !== undefined ? Number(fromOpt) : fromXml;
  const version = opts.version ?? (fromXml !== undefined ? `FY${fromXml}` : undefined);
  if (version === undefined) {
    throw new CodeSetFormatError(
      { file: file.name, element: `${ROOT} > version` },
      xmlVersion === undefined ? 'no <version>; pass the version label' : `<version> "${xmlVersion}" is not a year; pass the version label`,
    );
  }
  if (fiscalYear === undefined && (opts.effectiveFrom === undefined || opts.effectiveTo === undefined)) {
    throw new CodeSetFormatError(
      { file: file.name, element: `${ROOT} > version` },
      `cannot tell the fiscal year from version "${version}"; pass effectiveFrom and effectiveTo`,
    );
  }
  // An ICD-10-CM fiscal year runs October 1 of the previous year to September 30.
  const range = fiscalYear !== undefined ? fiscalYearRange(fiscalYear) : undefined;
  const effectiveFrom = opts.effectiveFrom ?? range!.effectiveFrom;
  const effectiveTo = opts.effectiveTo !== undefined ? opts.effectiveTo : range!.effectiveTo;
  return {
    system: 'icd10cm',
    content: 'index',
    version,
    effectiveFrom,
    effectiveTo,
    sources: [{ name: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length }],
  };
}
