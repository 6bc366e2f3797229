/**
 * Parser for CMS's ICD-10-CM to HCC mappings as CSV (`2026 Initial ICD-10-CM Mappings.csv`,
 * from `2026-initial-icd-10-cm-mappings.zip`); only the CMS-HCC V28 payment model is kept.
 *
 * What the file looks like (SOURCES.md section 7): 3 title rows, a header row whose cells hold
 * newlines (`"CMS-HCC\nModel\nCategory\nV28"`), data rows (diagnosis code without its dot,
 * description, six model categories, six payment-year flags), then a blank row and the notes.
 * A code that maps to two HCCs in a model repeats on a second row, with `--` flags for the
 * models where it maps to one; so a code's V28 HCCs are collected from all its rows.
 *
 * Caveat from SOURCES.md: despite its name, the "2026 Initial" file lists codes valid in FY2024
 * and FY2025; codes new in FY2026 have no HCC here.
 */
import { sha256Hex } from '../../codesets/checksum';
import { CodeSetFormatError } from '../../codesets/format-error';
import type { ReleaseFile, ReleaseMeta } from '../../codesets/types';
import type { HccMappings } from '../reference';
import { headerText, isBlankRecord, readCsvRecords, type CsvRecord } from './csv-records';
import { columnLetter, decodeLegacyText } from './legacy-text';

/** V28 HCCs by diagnosis code (no dot), as plain JSON; codes that map to none are absent. */
export interface HccData {
  meta: ReleaseMeta;
  v28: Record<string, number[]>;
}

const WHAT = "CMS's ICD-10-CM to HCC mappings (.csv)";
/** The header follows three title rows; further down it is some other file. */
const HEADER_WITHIN_RECORDS = 10;
const CODE_HEADER = /^Diagnosis Code$/i;
/** The category column, not its "… V28 for 2025 Payment Year" flag column. */
const V28_HEADER = /^CMS-HCC Model Category V28$/i;
const ICD10CM_CODE = /^[A-Z][0-9A-Z]{2,6}$/;
/** `2026 Initial ICD-10-CM Mappings.csv`, `2025 Midyear_Final ICD-10-CM Mappings.csv`. */
const FILE_NAME_RELEASE = /(20\d{2})[\s_-]+(Initial|Midyear[\s_-]*Final|Midyear|Final)\b/i;

/**
 * Parse the mappings. Meta: system `icd10cm`, content `hcc`, version `V28 (2026 initial)` from
 * the file name (payment year and CMS's release name), effectiveFrom January 1 of the payment
 * year, effectiveTo null (a later mapping file replaces it), and the file's sha256.
 *
 * @throws CodeSetFormatError naming the file, line and column when the file is empty, binary or
 *   not CSV, the payment year is not in the file name, there is no header row or no "CMS-HCC
 *   Model Category V28" column, a code is malformed, a V28 category is not a number, or the
 *   data runs to the end of the file without the notes that follow it (truncated).
 */
export async function parseHccMappings(file: ReleaseFile): Promise<HccData> {
  const release = FILE_NAME_RELEASE.exec(file.name);
  if (!release) {
    throw new CodeSetFormatError({ file: file.name }, 'cannot tell the payment year from the file name (CMS names it like "2026 Initial ICD-10-CM Mappings.csv")');
  }
  const year = release[1];
  const records = readCsvRecords(file.name, decodeLegacyText(file, WHAT));
  const headerIndex = records.slice(0, HEADER_WITHIN_RECORDS).findIndex((r) => CODE_HEADER.test(headerText(r.cells[0] ?? '')));
  if (headerIndex < 0) {
    throw new CodeSetFormatError({ file: file.name, line: 1 }, `no header row starting with "Diagnosis Code" in the first ${HEADER_WITHIN_RECORDS} records: not ${WHAT}`);
  }
  const header = records[headerIndex];
  const v28Column = findColumn(file.name, header, V28_HEADER, 'CMS-HCC Model Category V28');
  const field = `${headerText(header.cells[v28Column])} (column ${columnLetter(v28Column)})`;

  const v28: Record<string, number[]> = {};
  let dataRows = 0;
  let ended = false;
  for (const record of records.slice(headerIndex + 1)) {
    const code = (record.cells[0] ?? '').trim();
    // The data ends at the blank row before "Notes:" (or at the notes themselves).
    if (isBlankRecord(record.cells) || /^Notes?:/i.test(code)) {
      ended = true;
      break;
    }
    if (!ICD10CM_CODE.test(code)) {
      throw new CodeSetFormatError({ file: file.name, line: record.line, field: `${headerText(header.cells[0])} (column A)` }, `"${code}" is not an ICD-10-CM code (no dot)`);
    }
    dataRows++;
    const category = (record.cells[v28Column] ?? '').trim();
    if (category === '') continue;
    if (!/^\d+$/.test(category)) throw new CodeSetFormatError({ file: file.name, line: record.line, field }, `V28 category "${category}" for ${code} is not an HCC number`);
    const hccs = (v28[code] ??= []);
    if (!hccs.includes(Number(category))) hccs.push(Number(category));
  }
  if (dataRows === 0) throw new CodeSetFormatError({ file: file.name, line: header.endLine + 1 }, 'the file has a header row but no codes');
  if (!ended) {
    const last = records[records.length - 1];
    throw new CodeSetFormatError({ file: file.name, line: last.endLine }, 'the file ends inside the table, without the notes that follow it: it is truncated');
  }

  return {
    meta: {
      system: 'icd10cm',
      content: 'hcc',
      version: `V28 (${year} ${release[2].replace(/[\s_-]+/g, ' ').toLowerCase()})`,
      effectiveFrom: `${year}-01-01`,
      effectiveTo: null,
      sources: [{ name: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length }],
    },
    v28,
  };
}

/** The V28 mappings behind the interface the edits use. Codes may be given with or without the dot. */
export function hccMappings(data: HccData): HccMappings {
  return {
    meta: data.meta,
    v28: (code) => [...(data.v28[code.replace(/[.\s]/g, '').toUpperCase()] ?? [])],
  };
}

/** Code -> V28 HCC pairs (a code that maps to two HCCs counts twice). */
export function countV28Pairs(data: HccData): number {
  return Object.values(data.v28).reduce((n, hccs) => n + hccs.length, 0);
}

function findColumn(fileName: string, header: CsvRecord, pattern: RegExp, label: string): number {
  const names = header.cells.map(headerText);
  const idx = names.findIndex((n) => pattern.test(n));
  if (idx < 0) {
    throw new CodeSetFormatError({ file: fileName, line: header.line, field: label }, `missing column "${label}" in the header row (found: ${names.filter(Boolean).join(', ') || 'none'})`);
  }
  return idx;
}
