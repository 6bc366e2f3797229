/**
 * Parser for CMS's "Definitions of Medicare Code Edits" (the .txt member of the MCE definitions
 * zip, e.g. `Definitions of Medicare Code Edits_v_43_1.txt`): the Medicare Code Editor's lists
 * for edit 4 (age conflict: newborn, pediatric, maternity, adult), edit 6 (manifestation code
 * as principal diagnosis) and edit 9 (unacceptable principal diagnosis).
 *
 * What the v43.1 file looks like (SOURCES.md section 6):
 * - A title block (`Definitions of Medicare Code Edits`, `v43.1 April 2026`), then a table of
 *   contents whose entries end in a tab and a page number, then `Chapter 1: Edit code lists`.
 * - Chapter 1 opens with the list of its edits (`1. Invalid diagnosis or procedure code` ...
 *   `20. Unspecified code`); the body repeats each of those lines as the edit's heading. Other
 *   numbered lines are not edits (edit 8 has `1. Cesarean section procedure codes`), so an edit
 *   heading is recognized by being on that list.
 * - Sub-lists are lettered headings (`B. Pediatric diagnoses (age 0 through 17)`); 4A has no
 *   ages in its heading, and edit 4's description gives every list's ages as bullets
 *   (`* Perinatal/Newborn. Age 0 years only`, `* Pediatric. Age range is 0–17 years inclusive`).
 * - Code rows are `CODE<TAB>short title`, the code without its dot. In edit 9 an asterisk marks
 *   a code that is acceptable as principal diagnosis when a secondary diagnosis is coded
 *   (`*Z5189`), and that code is also shown once on its own in the edit's description.
 * - `Chapter 2: Code list changes` repeats edit headings with the codes removed since the last
 *   release; the lists end there.
 */
import { sha256Hex } from '../../codesets/checksum';
import { CodeSetFormatError } from '../../codesets/format-error';
import type { ReleaseFile, ReleaseMeta } from '../../codesets/types';
import type { MceAgeList, MceDefinitions } from '../reference';
import { decodeLegacyText } from './legacy-text';

/** The ages a list applies to (inclusive) and its codes, as in the file (no dots). */
export interface MceAgeRange {
  minAge: number;
  maxAge: number;
  codes: string[];
}

/** The MCE lists as plain JSON, the way a pack stores them. */
export interface MceData {
  meta: ReleaseMeta;
  ageLists: Record<MceAgeList, MceAgeRange>;
  /** Edit 6. */
  manifestation: string[];
  /** Edit 9, the asterisked codes included. */
  unacceptablePrincipal: string[];
  /** Edit 9 codes marked `*`: acceptable as principal diagnosis when a secondary diagnosis is coded. */
  acceptableWithSecondary: string[];
}

/** The MCE answers, plus the one edit-9 nuance the shared interface has no method for. */
export interface MceDefinitionLists extends MceDefinitions {
  /** True for edit 9 codes (Z51.89) that are acceptable as principal when a secondary diagnosis is coded. */
  acceptableWithSecondary(code: string): boolean;
}

const WHAT = "CMS's Definitions of Medicare Code Edits (.txt)";
const TITLE = 'Definitions of Medicare Code Edits';
/** The title block is a dozen lines; a file whose title is further down is something else. */
const TITLE_BLOCK_LINES = 20;

/** Edit 4's sub-lists by letter, and a word its heading must contain (guards against a reordering). */
const AGE_LISTS: { letter: string; list: MceAgeList; word: RegExp }[] = [
  { letter: 'A', list: 'newborn', word: /newborn/i },
  { letter: 'B', list: 'pediatric', word: /pediatric/i },
  { letter: 'C', list: 'maternity', word: /maternity/i },
  { letter: 'D', list: 'adult', word: /adult/i },
];
const EDIT_AGE = 4;
const EDIT_MANIFESTATION = 6;
const EDIT_UNACCEPTABLE_PRINCIPAL = 9;

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** `v43.1 April 2026`: the version and the month the release takes effect. */
const VERSION_LINE = /^v(\d+(?:\.\d+)*)\s+([A-Za-z]+)\s+(\d{4})$/;
/** A table-of-contents or index entry: text, a tab, a page number (arabic or roman). */
const PAGE_REFERENCE = /\t\s*(\d+|[ivxlc]+)\s*$/i;
/** A list row: code (asterisk allowed), tabs, title. The code is checked where the list is read, so a damaged code is reported, not skipped. */
const CODE_ROW = /^(\*?)(\S[^\t]*?) *\t+(\S.*)$/;
const ICD10CM_CODE = /^[A-Z][0-9A-Z]{2,6}$/;
const NUMBERED = /^(\d{1,2})\.\s+\S/;
const LETTERED = /^([A-Z])\.\s+(.+)$/;
const HEADING_AGES = /\(age (\d+)(?: through (\d+))?\)/i;
/** `* Pediatric. Age range is 0–17 years inclusive` / `* Perinatal/Newborn. Age 0 years only`. */
const BULLET_AGES = /^\*\s*([^.]+)\.\s*Age (?:range is )?(\d+)(?:\s*[–-]\s*(\d+))? years/i;

interface CodeRow {
  code: string;
  marked: boolean;
  line: number;
}

interface EditSection {
  number: number;
  heading: string;
  line: number;
  rows: CodeRow[];
  /** Rows that came before any lettered sub-list. */
  unlisted: CodeRow[];
  /** Lettered sub-lists: heading text, line and rows. */
  lists: Map<string, { heading: string; line: number; rows: CodeRow[] }>;
  /** Age bullets of the description: name (lower case) -> ages and line. */
  bullets: Map<string, { minAge: number; maxAge: number; line: number }>;
}

/**
 * Parse the MCE definitions text. Codes keep the file's form (no dots, upper case).
 *
 * Meta: system `icd10cm`, content `mce`, version from the title block (`v43.1`), effectiveFrom
 * the first day of the title's month (`April 2026` -> 2026-04-01), effectiveTo null (the next
 * MCE release replaces it), and the file's sha256.
 *
 * @throws CodeSetFormatError naming the file and line when the file is empty or binary, the
 *   title or version line is missing, Chapter 1 or its list of edits is missing, edit 4, 6 or 9
 *   (or one of 4A-4D) is missing or lists no codes, the file ends inside edit 9 (truncated), a
 *   list holds something that is not an ICD-10-CM code, a list's ages cannot be read or
 *   disagree between heading and description, or a code is on two age lists.
 */
export async function parseMceDefinitions(file: ReleaseFile): Promise<MceData> {
  const lines = decodeLegacyText(file, WHAT).split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  const at = (line: number) => ({ file: file.name, line });

  const titleIndex = lines.slice(0, TITLE_BLOCK_LINES).findIndex((l) => l.trim() === TITLE);
  if (titleIndex < 0) throw new CodeSetFormatError(at(1), `not ${WHAT}: no "${TITLE}" title in the first ${TITLE_BLOCK_LINES} lines`);
  const { version, effectiveFrom } = readVersion(file.name, lines, titleIndex);

  const sections = readChapter1(file.name, lines);
  const section = (n: number, what: string) => {
    const s = sections.get(n);
    if (!s) throw new CodeSetFormatError(at(lines.length), `no edit ${n} (${what}) section in Chapter 1: the file is truncated or not ${WHAT}`);
    return s;
  };
  const ageSection = section(EDIT_AGE, 'age conflict');
  const manifestationSection = section(EDIT_MANIFESTATION, 'manifestation code as principal diagnosis');
  const unacceptableSection = section(EDIT_UNACCEPTABLE_PRINCIPAL, 'unacceptable principal diagnosis');
  // Edit 9 is the last list read: if nothing follows it, the file may have been cut inside it.
  if (!unacceptableSection.closed) {
    throw new CodeSetFormatError(at(lines.length), `the file ends inside edit ${EDIT_UNACCEPTABLE_PRINCIPAL}'s list (no later edit or chapter follows it): it is truncated`);
  }

  const ageLists = readAgeLists(file.name, ageSection);
  const manifestation = listCodes(file.name, manifestationSection.section, manifestationSection.section.rows);
  const unacceptableRows = unacceptableSection.section.rows;
  const unacceptablePrincipal = listCodes(file.name, unacceptableSection.section, unacceptableRows);
  const acceptableWithSecondary = [...new Set(unacceptableRows.filter((r) => r.marked).map((r) => r.code))];

  return {
    meta: {
      system: 'icd10cm',
      content: 'mce',
      version,
      effectiveFrom,
      effectiveTo: null,
      sources: [{ name: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length }],
    },
    ageLists,
    manifestation,
    unacceptablePrincipal,
    acceptableWithSecondary,
  };
}

/** The MCE lists behind the interface the edits use. Codes may be given with or without the dot. */
export function mceDefinitions(data: MceData): MceDefinitionLists {
  const ages = new Map<string, { list: MceAgeList; minAge: number; maxAge: number }>();
  for (const list of Object.keys(data.ageLists) as MceAgeList[]) {
    const { minAge, maxAge, codes } = data.ageLists[list];
    const answer = { list, minAge, maxAge };
    for (const code of codes) ages.set(code, answer);
  }
  const manifestation = new Set(data.manifestation);
  const unacceptable = new Set(data.unacceptablePrincipal);
  const withSecondary = new Set(data.acceptableWithSecondary);
  return {
    meta: data.meta,
    ageList: (code) => {
      const found = ages.get(storedCode(code));
      return found ? { ...found } : null;
    },
    isManifestation: (code) => manifestation.has(storedCode(code)),
    isUnacceptablePrincipal: (code) => unacceptable.has(storedCode(code)),
    acceptableWithSecondary: (code) => withSecondary.has(storedCode(code)),
  };
}

/** Stored form of a diagnosis code: no dot, no spaces, upper case. */
function storedCode(code: string): string {
  return code.replace(/[.\s]/g, '').toUpperCase();
}

function readVersion(fileName: string, lines: string[], titleIndex: number): { version: string; effectiveFrom: string } {
  for (let i = titleIndex + 1; i < Math.min(lines.length, titleIndex + TITLE_BLOCK_LINES); i++) {
    const m = VERSION_LINE.exec(lines[i].trim());
    if (!m) continue;
    const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
    if (month === 0) throw new CodeSetFormatError({ file: fileName, line: i + 1 }, `"${m[2]}" in the version line is not a month`);
    return { version: `v${m[1]}`, effectiveFrom: `${m[3]}-${String(month).padStart(2, '0')}-01` };
  }
  throw new CodeSetFormatError({ file: fileName, line: titleIndex + 1 }, 'no version line such as "v43.1 April 2026" under the title');
}

/**
 * Chapter 1's edits, each with its code rows. `closed` says whether something (a later edit or
 * Chapter 2) followed the section, i.e. the file did not end inside it.
 */
function readChapter1(fileName: string, lines: string[]): Map<number, { section: EditSection; closed: boolean }> {
  const bodyHeading = (l: string, pattern: RegExp) => pattern.test(l) && !PAGE_REFERENCE.test(l);
  const start = lines.findIndex((l) => bodyHeading(l, /^Chapter 1\b/));
  if (start < 0) throw new CodeSetFormatError({ file: fileName, line: lines.length }, `no "Chapter 1: Edit code lists" heading (outside the table of contents): not ${WHAT}, or truncated`);

  // The list of edits right under the chapter heading: its lines are the edit headings.
  const editHeadings = new Map<string, number>();
  let i = start + 1;
  while (i < lines.length && !NUMBERED.test(lines[i].trim()) && i - start < 5) i++;
  for (; i < lines.length; i++) {
    const text = lines[i].trim();
    const m = NUMBERED.exec(text);
    if (!m) break;
    editHeadings.set(text, Number(m[1]));
  }
  if (editHeadings.size === 0) {
    throw new CodeSetFormatError({ file: fileName, line: start + 1 }, 'Chapter 1 does not open with its list of edits ("1. Invalid diagnosis or procedure code", ...)');
  }
  for (const [n, what] of [[EDIT_AGE, 'age conflict'], [EDIT_MANIFESTATION, 'manifestation code as principal diagnosis'], [EDIT_UNACCEPTABLE_PRINCIPAL, 'unacceptable principal diagnosis']] as const) {
    if (![...editHeadings.values()].includes(n)) throw new CodeSetFormatError({ file: fileName, line: start + 1 }, `Chapter 1's list of edits has no edit ${n} (${what})`);
  }

  const sections = new Map<number, { section: EditSection; closed: boolean }>();
  let current: EditSection | null = null;
  let list: { heading: string; line: number; rows: CodeRow[] } | null = null;
  const close = () => {
    if (current) sections.get(current.number)!.closed = true;
  };
  for (; i < lines.length; i++) {
    const raw = lines[i].trimEnd();
    const text = raw.trim();
    const line = i + 1;
    if (text === '' || PAGE_REFERENCE.test(raw)) continue; // a page footer or an index entry
    const row = CODE_ROW.exec(raw);
    if (bodyHeading(raw, /^Chapter \d+\b/)) {
      close();
      current = null;
      break;
    }
    const edit = editHeadings.get(text);
    if (edit !== undefined && !raw.startsWith('\t')) {
      close();
      current = { number: edit, heading: text, line, rows: [], unlisted: [], lists: new Map(), bullets: new Map() };
      list = null;
      sections.set(edit, { section: current, closed: false });
      continue;
    }
    if (!current) continue;
    if (row) {
      const codeRow = { code: row[2], marked: row[1] === '*', line };
      current.rows.push(codeRow);
      (list ? list.rows : current.unlisted).push(codeRow);
      continue;
    }
    const lettered = LETTERED.exec(text);
    if (lettered && !raw.startsWith('\t')) {
      list = { heading: lettered[2], line, rows: [] };
      if (!current.lists.has(lettered[1])) current.lists.set(lettered[1], list);
      continue;
    }
    const bullet = BULLET_AGES.exec(text);
    if (bullet) {
      const minAge = Number(bullet[2]);
      current.bullets.set(bullet[1].trim().toLowerCase(), { minAge, maxAge: bullet[3] !== undefined ? Number(bullet[3]) : minAge, line });
    }
  }
  return sections;
}

function readAgeLists(fileName: string, { section }: { section: EditSection }): Record<MceAgeList, MceAgeRange> {
  const before = section.unlisted[0];
  if (before) {
    throw new CodeSetFormatError({ file: fileName, line: before.line, field: 'code' }, `code ${before.code} in edit 4 is on none of the lists 4A-4D`);
  }
  const result = {} as Record<MceAgeList, MceAgeRange>;
  const listOf = new Map<string, { list: MceAgeList; line: number }>();
  for (const { letter, list, word } of AGE_LISTS) {
    const sub = section.lists.get(letter);
    if (!sub) throw new CodeSetFormatError({ file: fileName, line: section.line }, `edit 4 has no list ${letter} (${list} diagnoses)`);
    if (!word.test(sub.heading)) {
      throw new CodeSetFormatError({ file: fileName, line: sub.line }, `edit 4${letter} is "${sub.heading}"; expected the ${list} diagnoses list there`);
    }
    const ages = listAges(fileName, section, sub);
    const codes = listCodes(fileName, { number: 4, heading: `4${letter}. ${sub.heading}`, line: sub.line }, sub.rows);
    for (const r of sub.rows) {
      const other = listOf.get(r.code);
      if (other && other.list !== list) {
        throw new CodeSetFormatError({ file: fileName, line: r.line, field: 'code' }, `${r.code} is on the ${other.list} list (line ${other.line}) and the ${list} list; a code has one age range`);
      }
      listOf.set(r.code, { list, line: r.line });
    }
    result[list] = { ...ages, codes };
  }
  return result;
}

/**
 * A list's ages: from its heading (`(age 9 through 64)`) and from the matching bullet of edit 4's
 * description (`* Maternity. Age range is 9–64 years inclusive`). 4A's heading has none, so
 * the bullet decides; when both are there they must agree.
 */
function listAges(fileName: string, section: EditSection, sub: { heading: string; line: number }): { minAge: number; maxAge: number } {
  const m = HEADING_AGES.exec(sub.heading);
  const fromHeading = m ? { minAge: Number(m[1]), maxAge: m[2] !== undefined ? Number(m[2]) : Number(m[1]) } : null;
  const name = sub.heading.replace(HEADING_AGES, '').replace(/\s+diagnos[ie]s\s*$/i, '').trim().toLowerCase();
  const bullet = section.bullets.get(name);
  if (fromHeading && bullet && (fromHeading.minAge !== bullet.minAge || fromHeading.maxAge !== bullet.maxAge)) {
    throw new CodeSetFormatError(
      { file: fileName, line: sub.line },
      `the heading gives ages ${fromHeading.minAge}-${fromHeading.maxAge} but edit 4's description (line ${bullet.line}) gives ${bullet.minAge}-${bullet.maxAge}`,
    );
  }
  const ages = fromHeading ?? (bullet ? { minAge: bullet.minAge, maxAge: bullet.maxAge } : null);
  if (!ages) throw new CodeSetFormatError({ file: fileName, line: sub.line }, `no ages for "${sub.heading}": neither its heading nor edit 4's description gives them`);
  if (ages.minAge > ages.maxAge) throw new CodeSetFormatError({ file: fileName, line: sub.line }, `the age range ${ages.minAge}-${ages.maxAge} is empty`);
  return ages;
}

/** A list's distinct codes in file order; every one must be an ICD-10-CM code. */
function listCodes(fileName: string, owner: { number: number; heading: string; line: number }, rows: CodeRow[]): string[] {
  if (rows.length === 0) throw new CodeSetFormatError({ file: fileName, line: owner.line }, `"${owner.heading}" lists no codes`);
  const codes = new Set<string>();
  for (const r of rows) {
    if (!ICD10CM_CODE.test(r.code)) {
      throw new CodeSetFormatError({ file: fileName, line: r.line, field: 'code' }, `"${r.code}" in edit ${owner.number} is not an ICD-10-CM diagnosis code`);
    }
    codes.add(r.code);
  }
  return [...codes];
}
