/**
 * Parser for the customer's licensed CPT code file. CPT content is licensed by the AMA and is
 * never shipped with the app: the customer imports its own copy as tab-delimited UTF-8 text,
 * one code per line:
 *
 *     code<TAB>description                     (two columns)
 *     code<TAB>short description<TAB>long      (three columns)
 *
 * An optional header line (`Code<TAB>Description`), CRLF line ends, a UTF-8 BOM, blank lines,
 * trailing empty columns (spreadsheet exports) and "quoted" fields are accepted.
 */
import { sha256Hex } from './checksum';
import { CodeSetFormatError } from './format-error';
import { firstInvalidUtf8, lineAt } from './text-file';
import type { CodeListRelease, CodeRecord, ReleaseFile } from './types';

/** Options for {@link parseCptFile}. */
export interface CptFileOptions {
  /**
   * CPT year, e.g. `'2026'`. Default: the one 4-digit year (19xx/20xx) in the file name;
   * required when the name has none or several.
   */
  version?: string;
  /** First date of service (YYYY-MM-DD). Default: `${version}-01-01` (CPT is annual). */
  effectiveFrom?: string;
  /** Last date of service (YYYY-MM-DD) or null. Default: `${version}-12-31`. */
  effectiveTo?: string | null;
}

/**
 * CPT code forms: five digits (Category I, 99213), four digits + F (Category II), + T
 * (Category III) or + U (Proprietary Laboratory Analyses).
 */
const CPT_CODE = /^(\d{5}|\d{4}[FTU])$/;

/** Short title length for two-column files: fits one row of the code list at the default width. */
const SHORT_TITLE_MAX = 60;

/** First-column values that mark a header line rather than a code. */
const HEADER_FIRST_FIELD = /^(cpt[ _-]?)?(code|cd)s?$|^cpt$|^hcpcs$/i;

/** A 4-digit year in a file name, not part of a longer number (CPT_2026.txt, cpt2026-codes.txt). */
const YEAR_IN_NAME = /(?<!\d)((?:19|20)\d{2})(?!\d)/g;

/**
 * Parses a licensed CPT tab-delimited file into a code list.
 *
 * Records: system `cpt`, `billable: true` (the file lists reportable codes only), `longTitle` =
 * the description (or the third column), `shortTitle` = the second column of a three-column file,
 * else the description's first 60 characters.
 *
 * @throws CodeSetFormatError naming file, line (1-based) and field for: empty file, binary or
 *   non-UTF-8 content (UTF-16 included), a line without a tab, a malformed code (with its value),
 *   an empty description, a line whose column count differs from the file's, a duplicate code
 *   (with both lines), or a version that cannot be taken from the file name.
 */
export async function parseCptFile(file: ReleaseFile, opts: CptFileOptions = {}): Promise<CodeListRelease> {
  const version = opts.version ?? versionFromFileName(file.name);
  const isYear = /^\d{4}$/.test(version);
  if (!isYear && (opts.effectiveFrom === undefined || opts.effectiveTo === undefined)) {
    throw new RangeError(`CPT version '${version}' is not a year; pass effectiveFrom and effectiveTo explicitly`);
  }
  const effectiveFrom = opts.effectiveFrom ?? `${version}-01-01`;
  const effectiveTo = opts.effectiveTo === undefined ? `${version}-12-31` : opts.effectiveTo;
  assertIsoDate(effectiveFrom, 'effectiveFrom');
  if (effectiveTo !== null) {
    assertIsoDate(effectiveTo, 'effectiveTo');
    if (effectiveTo < effectiveFrom) throw new RangeError(`effectiveTo ${effectiveTo} is before effectiveFrom ${effectiveFrom}`);
  }

  const text = decodeUtf8(file);
  const codes = parseLines(file.name, text);

  return {
    meta: {
      system: 'cpt',
      content: 'codes',
      version,
      effectiveFrom,
      effectiveTo,
      sources: [{ name: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length }],
    },
    codes,
  };
}

function parseLines(fileName: string, text: string): CodeRecord[] {
  const lines = text.split(/\r?\n/);
  const records: CodeRecord[] = [];
  const lineOf = new Map<string, number>();
  let columns: { count: number; line: number } | undefined;
  let sawContent = false;

  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i];
    if (raw.trim() === '') continue;
    const at = (field?: string) => (field === undefined ? { file: fileName, line: lineNo } : { file: fileName, line: lineNo, field });

    if (!raw.includes('\t')) {
      const shown = raw.length > 40 ? `${raw.slice(0, 40)}...` : raw;
      throw new CodeSetFormatError(at(), `no tab between code and description in '${shown}'; expected code<TAB>description`);
    }
    const fields = raw.split('\t').map(unquote);
    // Spreadsheet exports pad rows with empty trailing columns.
    while (fields.length > 2 && fields[fields.length - 1].trim() === '') fields.pop();

    const first = fields[0].trim();
    if (!sawContent) {
      sawContent = true;
      if (HEADER_FIRST_FIELD.test(first)) continue;
    }

    if (fields.length > 3) {
      throw new CodeSetFormatError(at(), `${fields.length} tab-separated fields; expected code<TAB>description or code<TAB>short<TAB>long`);
    }
    if (!columns) columns = { count: fields.length, line: lineNo };
    else if (fields.length !== columns.count) {
      throw new CodeSetFormatError(at(), `${fields.length} fields, but the file has ${columns.count} from line ${columns.line} on`);
    }

    const code = first.toUpperCase();
    if (!CPT_CODE.test(code)) {
      throw new CodeSetFormatError(at('code'), `'${first}' is not a CPT code (five digits, or four digits + F, T or U)`);
    }
    const seen = lineOf.get(code);
    if (seen !== undefined) throw new CodeSetFormatError(at('code'), `${code} appears twice, on lines ${seen} and ${lineNo}`);
    lineOf.set(code, lineNo);

    let shortTitle: string;
    let longTitle: string;
    if (fields.length === 3) {
      shortTitle = fields[1].trim();
      longTitle = fields[2].trim();
      if (!shortTitle) throw new CodeSetFormatError(at('short description'), `${code} has an empty short description`);
      if (!longTitle) throw new CodeSetFormatError(at('long description'), `${code} has an empty long description`);
    } else {
      longTitle = fields[1].trim();
      if (!longTitle) throw new CodeSetFormatError(at('description'), `${code} has an empty description`);
      shortTitle = truncate(longTitle, SHORT_TITLE_MAX);
    }
    records.push({ code, billable: true, shortTitle, longTitle });
  }

  if (records.length === 0) {
    throw new CodeSetFormatError({ file: fileName }, 'the file has no CPT codes; expected lines of code<TAB>description');
  }
  return records;
}

/** Strict UTF-8 decode (BOM dropped); binary, UTF-16 and legacy code pages are errors with a line. */
function decodeUtf8(file: ReleaseFile): string {
  const bytes = file.bytes;
  if (bytes.length === 0) throw new CodeSetFormatError({ file: file.name }, 'the file is empty');
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new CodeSetFormatError({ file: file.name, line: 1 }, 'the file is UTF-16 text; save it as UTF-8 (tab-delimited) and import again');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    throw new CodeSetFormatError({ file: file.name, line: lineAt(bytes, nul) }, 'binary content (NUL byte); expected tab-delimited UTF-8 text');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CodeSetFormatError(
      { file: file.name, line: lineAt(bytes, Math.max(0, firstInvalidUtf8(bytes))) },
      'not valid UTF-8 text (a legacy code page such as Windows-1252?); save it as UTF-8 and import again',
    );
  }
}

/** `"a ""b"""` -> `a "b"`: spreadsheet tab-delimited exports quote fields with quotes or commas. */
function unquote(field: string): string {
  const t = field.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) return t.slice(1, -1).replace(/""/g, '"');
  return field;
}

/** First `max` characters (code points, not UTF-16 units), without trailing space. */
function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('').trimEnd();
}

function versionFromFileName(fileName: string): string {
  const years = [...new Set(Array.from(fileName.matchAll(YEAR_IN_NAME), (m) => m[1]))];
  if (years.length !== 1) {
    throw new CodeSetFormatError(
      { file: fileName },
      years.length === 0
        ? "no CPT year in the file name; pass opts.version, e.g. '2026'"
        : `the file name has several years (${years.join(', ')}); pass opts.version, e.g. '2026'`,
    );
  }
  return years[0];
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function assertIsoDate(value: string, what: string): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || !isRealDate(value)) throw new RangeError(`${what} '${value}' is not a YYYY-MM-DD date`);
}
