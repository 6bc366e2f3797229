/**
 * Parser for the CMS HCPCS Level II quarterly "Alpha-Numeric" file in the Excel form CMS
 * ships it (`HCPC2025_OCT_ANWEB.xlsx`): one sheet, a header row, then one row per Level II
 * code or modifier with 48 columns (HCPC, SEQNUM, RECID, LONG DESCRIPTION, ... ADD DT,
 * ACT EFF DT, TERM DT, ACTION CD).
 *
 * What the file says, as checked against the 2025-10 release (8,846 rows):
 * - RECID 3 = Level II code (five characters, letter + four digits), RECID 7 = modifier
 *   (two characters). The CMS record layout also defines RECID 4 and 8 as continuation lines
 *   of a long description (the fixed-width TXT file splits descriptions; the xlsx does not,
 *   and the 2025-10 xlsx has none); they are accepted and appended to the row above.
 * - HCPC is left-padded with spaces for modifiers (`'   A1'`); it is trimmed.
 * - Dates are YYYYMMDD text. ADD DT is always filled. ACT EFF DT (date of the latest action on
 *   the code) is empty for 117 old codes in 2025-10, so it is optional. TERM DT is the last
 *   date of service on which the code is valid: every terminated row has
 *   ACT EFF DT = TERM DT + 1 day (e.g. TERM DT 20241231, ACT EFF DT 20250101).
 *
 * Reads the workbook with `read-excel-file/universal`, which takes bytes and runs in Node,
 * browsers and workers. Its unzip step (fflate `unzip`) inflates any entry over 512 KB (the
 * 2025-10 sheet1.xml is 14 MB) in a worker of its own: Node `worker_threads`, or a `blob:` URL
 * Worker in browsers. Under a CSP without `worker-src blob:` that inner worker never starts and
 * the promise never settles (seen in Chromium). So the parser inflates the xlsx itself with
 * fflate's synchronous `unzipSync` and hands read-excel-file a stored (uncompressed) copy, which
 * it reads without a worker; the parser is meant to run inside our own worker anyway.
 */
import { unzipSync, zipSync } from 'fflate';
import { readSheet } from 'read-excel-file/universal';
import { sha256Hex } from './checksum';
import { CodeSetFormatError } from './format-error';
import type { CodeListRelease, CodeRecord, ReleaseFile } from './types';

/** Options for {@link parseHcpcsXlsx}. */
export interface HcpcsXlsxOptions {
  /**
   * Release label `YYYY-MM`. Default: from the CMS file name, `HCPC2025_OCT_ANWEB...` -> `2025-10`.
   */
  version?: string;
  /** First date of service (YYYY-MM-DD). Default: the first day of the version's month. */
  effectiveFrom?: string;
  /** Last date of service (YYYY-MM-DD), or null while no successor is installed. Default: null. */
  effectiveTo?: string | null;
}

/** Active/terminated counts for one kind of HCPCS record on a date. */
export interface HcpcsKindCount {
  active: number;
  terminated: number;
}

/** Counts returned by {@link countHcpcs}. */
export interface HcpcsCounts {
  codes: HcpcsKindCount;
  modifiers: HcpcsKindCount;
}

/** The columns the parser reads; the other 41 columns (pricing, coverage, ...) are ignored. */
const REQUIRED_COLUMNS = [
  'HCPC',
  'RECID',
  'LONG DESCRIPTION',
  'SHORT DESCRIPTION',
  'ADD DT',
  'ACT EFF DT',
  'TERM DT',
] as const;
type RequiredColumn = (typeof REQUIRED_COLUMNS)[number];

/** CMS record identification codes (HCPCS record layout, field RECID). */
const RECID_CODE = '3';
const RECID_CODE_CONTINUATION = '4';
const RECID_MODIFIER = '7';
const RECID_MODIFIER_CONTINUATION = '8';

/** Level II code: one letter then four digits (A0021 ... V5364). */
const LEVEL2_CODE = /^[A-Z]\d{4}$/;
/** Modifier: two characters, letters or digits (LT, Q0, E1); digit-first is allowed as in CPT. */
const MODIFIER_CODE = /^[A-Z0-9]{2}$/;

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** CMS names the file `HCPC<year>_<MON>_ANWEB[_vN].xlsx`; the month is the quarter it starts. */
const FILE_NAME_VERSION = /HCPC(\d{4})_([A-Z]{3})/i;

/**
 * Parses the CMS HCPCS Level II Alpha-Numeric xlsx into a code list.
 *
 * Records: `code` is the trimmed HCPC; `kind` is `'code'` (RECID 3) or `'modifier'` (RECID 7);
 * `shortTitle`/`longTitle` are SHORT/LONG DESCRIPTION; `addedOn`, `effectiveOn` (ACT EFF DT,
 * omitted when the cell is empty) and `terminatedOn` (TERM DT, the last valid date of service)
 * are YYYY-MM-DD.
 *
 * `billable` is true for a Level II code that is valid on the release's `effectiveFrom`
 * (added on or before it and not terminated before it). Modifiers are always `billable: false`:
 * a modifier is never reported on its own, only appended to a code. Terminated codes stay in
 * the list (coders still code older dates of service); use `terminatedOn` for the exact date.
 *
 * Meta: system `hcpcs`, content `codes`, version `YYYY-MM`, effectiveFrom = first day of that
 * month. effectiveTo defaults to null, not the quarter's last day: CMS replaces a quarterly file
 * with the next one, sometimes late or with mid-quarter corrections (`_v2`, `_v3`), so this file
 * is the current list until its successor is installed, which is what null means in ReleaseMeta.
 *
 * @throws CodeSetFormatError naming file, row (sheet row number, header = 1) and column when the
 *   bytes are not an xlsx, the sheet is empty, a required column is missing, a HCPC or RECID is
 *   malformed, a code appears twice, or a date is not a real YYYYMMDD date.
 */
export async function parseHcpcsXlsx(file: ReleaseFile, opts: HcpcsXlsxOptions = {}): Promise<CodeListRelease> {
  const version = opts.version ?? versionFromFileName(file.name);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(version) && opts.effectiveFrom === undefined) {
    throw new RangeError(`HCPCS version '${version}' is not YYYY-MM; pass effectiveFrom explicitly`);
  }
  const effectiveFrom = opts.effectiveFrom ?? `${version}-01`;
  const effectiveTo = opts.effectiveTo ?? null;
  assertIsoDate(effectiveFrom, 'effectiveFrom');
  if (effectiveTo !== null) {
    assertIsoDate(effectiveTo, 'effectiveTo');
    if (effectiveTo < effectiveFrom) throw new RangeError(`effectiveTo ${effectiveTo} is before effectiveFrom ${effectiveFrom}`);
  }

  const sha256 = await sha256Hex(file.bytes);
  const rows = await readFirstSheet(file);
  const codes = rowsToRecords(file.name, rows, effectiveFrom);

  return {
    meta: {
      system: 'hcpcs',
      content: 'codes',
      version,
      effectiveFrom,
      effectiveTo,
      sources: [{ name: file.name, sha256, bytes: file.bytes.length }],
    },
    codes,
  };
}

/**
 * Counts Level II codes and modifiers active and terminated on a date of service.
 *
 * CMS semantics: TERM DT is the last date the code is valid, so a record is *terminated* on
 * `onDate` when `terminatedOn < onDate`, and *active* when it is not terminated and was added
 * on or before `onDate`. Records added after `onDate` (not yet in effect) are in neither count,
 * so for dates before a file's additions active + terminated is less than the record total.
 *
 * @param onDate date of service, YYYY-MM-DD.
 */
export function countHcpcs(release: CodeListRelease, onDate: string): HcpcsCounts {
  assertIsoDate(onDate, 'onDate');
  const counts: HcpcsCounts = { codes: { active: 0, terminated: 0 }, modifiers: { active: 0, terminated: 0 } };
  for (const rec of release.codes) {
    const bucket = rec.kind === 'modifier' ? counts.modifiers : counts.codes;
    if (rec.terminatedOn !== undefined && rec.terminatedOn < onDate) bucket.terminated++;
    else if (rec.addedOn === undefined || rec.addedOn <= onDate) bucket.active++;
  }
  return counts;
}

type Cell = unknown;

async function readFirstSheet(file: ReleaseFile): Promise<Cell[][]> {
  const stored = storedXlsxCopy(file);
  try {
    // trim: false so padding and whitespace are handled here; parseNumber keeps numeric cells
    // as the text in the file, so a date saved as a number still reads `20251001`.
    return await readSheet<string>(stored, 1, { trim: false, parseNumber: (s) => s });
  } catch (err) {
    throw new CodeSetFormatError({ file: file.name }, `not a readable .xlsx workbook (${describeReaderError(err)})`);
  }
}

/** `PK`: every zip record starts with it, so every xlsx (a zip) does. */
const ZIP_SIGNATURE = [0x50, 0x4b];
/** OLE2 compound-file signature: a legacy Excel 97-2003 `.xls`. */
const OLE2_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * The xlsx's XML parts re-zipped uncompressed, so read-excel-file never starts a worker to
 * inflate them (see the module comment). Costs ~200 ms and a second copy of the XML (16 MB
 * for 2025-10). Also a copy, so the caller's bytes are never transferred away.
 */
function storedXlsxCopy(file: ReleaseFile): ArrayBuffer {
  const startsWith = (sig: number[]) => sig.every((b, i) => file.bytes[i] === b);
  if (file.bytes.length === 0) throw new CodeSetFormatError({ file: file.name }, 'not a readable .xlsx workbook (the file is empty)');
  if (startsWith(OLE2_SIGNATURE)) {
    throw new CodeSetFormatError({ file: file.name }, 'not a readable .xlsx workbook (a legacy Excel 97-2003 .xls file); save it as .xlsx');
  }
  if (!startsWith(ZIP_SIGNATURE)) {
    throw new CodeSetFormatError({ file: file.name }, 'not a readable .xlsx workbook (not a zip archive)');
  }
  let parts: Record<string, Uint8Array>;
  try {
    // Only the XML parts: read-excel-file ignores everything else (images, printer settings).
    parts = unzipSync(file.bytes, { filter: (f) => f.name.endsWith('.xml') || f.name.endsWith('.rels') });
  } catch (err) {
    throw new CodeSetFormatError({ file: file.name }, `not a readable .xlsx workbook (damaged zip: ${describeReaderError(err)})`);
  }
  const stored = zipSync(parts, { level: 0 });
  return (stored.byteLength === stored.buffer.byteLength ? stored.buffer : stored.slice().buffer) as ArrayBuffer;
}

function describeReaderError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

function rowsToRecords(fileName: string, rows: Cell[][], effectiveFrom: string): CodeRecord[] {
  const header = rows[0];
  if (!header || header.every(isBlank)) {
    throw new CodeSetFormatError({ file: fileName, line: 1 }, 'the sheet is empty; expected a header row (HCPC, SEQNUM, RECID, ...) and data rows');
  }
  const col = locateColumns(fileName, header);

  const records: CodeRecord[] = [];
  const firstLineOf = new Map<string, number>();
  let previous: { rec: CodeRecord; recid: string } | undefined;

  for (let i = 1; i < rows.length; i++) {
    const row = rows[i];
    const line = i + 1; // sheet row number as Excel shows it (header is row 1)
    if (row.every(isBlank)) continue; // read-excel-file fills gaps between rows with empty rows
    const text = (name: RequiredColumn): string => cellText(fileName, line, name, col[name], row[col[name]]).trim();
    const at = (name: RequiredColumn) => ({ file: fileName, line, field: fieldName(name, col[name]) });

    const code = text('HCPC').toUpperCase();
    const recid = text('RECID');
    if (code === '') throw new CodeSetFormatError(at('HCPC'), 'empty HCPC');

    if (recid === RECID_CODE_CONTINUATION || recid === RECID_MODIFIER_CONTINUATION) {
      const expected = recid === RECID_CODE_CONTINUATION ? RECID_CODE : RECID_MODIFIER;
      if (!previous || previous.rec.code !== code || previous.recid !== expected) {
        throw new CodeSetFormatError(at('RECID'), `RECID ${recid} continues a description but the row above is not RECID ${expected} for ${code}`);
      }
      const more = text('LONG DESCRIPTION');
      if (more) previous.rec.longTitle = `${previous.rec.longTitle} ${more}`;
      continue;
    }

    let kind: 'code' | 'modifier';
    if (recid === RECID_CODE) {
      if (!LEVEL2_CODE.test(code)) throw new CodeSetFormatError(at('HCPC'), `'${code}' is not a Level II code (a letter and four digits)`);
      kind = 'code';
    } else if (recid === RECID_MODIFIER) {
      if (!MODIFIER_CODE.test(code)) throw new CodeSetFormatError(at('HCPC'), `'${code}' is not a modifier (two letters or digits)`);
      kind = 'modifier';
    } else {
      throw new CodeSetFormatError(at('RECID'), `unknown RECID '${recid}' for ${code}; expected 3 (code) or 7 (modifier)`);
    }

    const seen = firstLineOf.get(code);
    if (seen !== undefined) throw new CodeSetFormatError(at('HCPC'), `${code} appears twice, on rows ${seen} and ${line}`);
    firstLineOf.set(code, line);

    const longDesc = text('LONG DESCRIPTION');
    const shortDesc = text('SHORT DESCRIPTION');
    if (!longDesc && !shortDesc) throw new CodeSetFormatError(at('LONG DESCRIPTION'), `${code} has no description`);

    const addedOn = parseDate(text('ADD DT'), at('ADD DT'));
    if (addedOn === undefined) throw new CodeSetFormatError(at('ADD DT'), `${code} has no ADD DT`);
    const effectiveOn = parseDate(text('ACT EFF DT'), at('ACT EFF DT'));
    const terminatedOn = parseDate(text('TERM DT'), at('TERM DT'));

    const rec: CodeRecord = {
      code,
      billable: kind === 'code' && addedOn <= effectiveFrom && (terminatedOn === undefined || terminatedOn >= effectiveFrom),
      shortTitle: shortDesc || longDesc,
      longTitle: longDesc || shortDesc,
      kind,
      addedOn,
    };
    if (effectiveOn !== undefined) rec.effectiveOn = effectiveOn;
    if (terminatedOn !== undefined) rec.terminatedOn = terminatedOn;
    records.push(rec);
    previous = { rec, recid };
  }

  if (records.length === 0) {
    throw new CodeSetFormatError({ file: fileName, line: 2 }, 'the sheet has a header row but no codes');
  }
  return records;
}

function locateColumns(fileName: string, header: Cell[]): Record<RequiredColumn, number> {
  const names = header.map((h) => (typeof h === 'string' ? h.trim().toUpperCase() : ''));
  const col = {} as Record<RequiredColumn, number>;
  for (const name of REQUIRED_COLUMNS) {
    const idx = names.indexOf(name);
    if (idx < 0) {
      throw new CodeSetFormatError(
        { file: fileName, line: 1, field: name },
        `missing required column '${name}' in the header row (found: ${names.filter(Boolean).join(', ') || 'none'})`,
      );
    }
    if (names.indexOf(name, idx + 1) >= 0) {
      throw new CodeSetFormatError({ file: fileName, line: 1, field: name }, `column '${name}' appears twice in the header row`);
    }
    col[name] = idx;
  }
  return col;
}

/** Cell as text. Numbers already arrive as text (parseNumber); dates and booleans are errors. */
function cellText(fileName: string, line: number, name: string, idx: number, value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  const field = fieldName(name, idx);
  if (value instanceof Date) {
    throw new CodeSetFormatError({ file: fileName, line, field }, 'cell is an Excel date; expected YYYYMMDD text as CMS ships it');
  }
  throw new CodeSetFormatError({ file: fileName, line, field }, `unexpected ${typeof value} cell value '${String(value)}'`);
}

/** YYYYMMDD text -> YYYY-MM-DD; empty -> undefined; anything else (incl. 20250230) -> error. */
function parseDate(text: string, at: { file: string; line: number; field: string }): string | undefined {
  if (text === '') return undefined;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  const iso = m ? `${m[1]}-${m[2]}-${m[3]}` : '';
  if (!m || !isRealDate(iso)) throw new CodeSetFormatError(at, `'${text}' is not a date in YYYYMMDD form`);
  return iso;
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function assertIsoDate(value: string, what: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value)) throw new RangeError(`${what} '${value}' is not a YYYY-MM-DD date`);
}

function versionFromFileName(fileName: string): string {
  const m = FILE_NAME_VERSION.exec(fileName);
  const month = m ? MONTHS.indexOf(m[2].toUpperCase()) + 1 : 0;
  if (!m || month === 0) {
    throw new CodeSetFormatError(
      { file: fileName },
      "cannot tell the release month from the file name (CMS names it like HCPC2025_OCT_ANWEB.xlsx); pass opts.version, e.g. '2025-10'",
    );
  }
  return `${m[1]}-${String(month).padStart(2, '0')}`;
}

/** `TERM DT (column AU)`: the header name plus the letter a coder sees in Excel. */
function fieldName(name: string, idx: number): string {
  let letters = '';
  for (let n = idx + 1; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return `${name} (column ${letters})`;
}

function isBlank(value: Cell): boolean {
  return value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
}
