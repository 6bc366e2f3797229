/**
 * Parser for CMS's NCCI Medically Unlikely Edit tables, the CSV member of each quarterly zip
 * (`MCR_MUE_PractitionerServices_Eff_04-01-2026.csv`, `..._OutpatientHospitalServices_...`,
 * `..._DMESupplierServices_...`), and the quarter's release made of one to three of them.
 *
 * What the 2026-04-01 files look like (SOURCES.md section 5): Latin-1, LF. Record 1 is the AMA
 * copyright notice, one quoted cell over several lines. Record 2 is the header, whose first cell
 * holds a newline (`"HCPCS/\nCPT Code"`) and whose second names the table (`Practitioner
 * Services MUE Values`). Then one row per code: code, MUE value (a whole number, 0 allowed),
 * the MUE Adjudication Indicator as text (`2 Date of Service Edit: Policy`), the rationale.
 */
import { sha256Hex } from '../../codesets/checksum';
import { CodeSetFormatError } from '../../codesets/format-error';
import type { ReleaseFile, ReleaseMeta, SourceFile } from '../../codesets/types';
import type { MueAdjudication, MueTableKind, MueTables } from '../reference';
import { headerText, isBlankRecord, readCsvRecords, type CsvRecord } from './csv-records';
import { columnLetter, decodeLegacyText } from './legacy-text';

/** One table's rows by code: MUE value, adjudication indicator, rationale (compact for the pack). */
export type MueRows = Record<string, [value: number, adjudication: MueAdjudication, rationale: string]>;

/** One parsed MUE file. */
export interface ParsedMueTable {
  table: MueTableKind;
  rows: MueRows;
  /** First date of service the table applies to, from the file name (YYYY-MM-DD). */
  effectiveFrom: string;
}

/** A quarter's MUE tables as plain JSON, the way a pack stores them. */
export interface MueData {
  meta: ReleaseMeta;
  tables: Partial<Record<MueTableKind, MueRows>>;
}

const WHAT = 'a CMS NCCI MUE table (.csv)';
/** The header follows the notice; a file whose header is further down is something else. */
const HEADER_WITHIN_RECORDS = 10;

/** How CMS names each table, in the header's value column and in the file name. */
const TABLES: { table: MueTableKind; header: string; fileName: RegExp }[] = [
  { table: 'practitioner', header: 'Practitioner Services', fileName: /Practitioner\s*Services/i },
  { table: 'outpatient-hospital', header: 'Outpatient Hospital Services', fileName: /Outpatient\s*Hospital\s*Services/i },
  { table: 'dme', header: 'DME Supplier Services', fileName: /DME\s*Supplier\s*Services/i },
];
/** The table kinds in CMS's order, which is also the order of a release's sources and documents. */
export const MUE_TABLE_KINDS: readonly MueTableKind[] = TABLES.map((t) => t.table);
/** `..._Eff_04-01-2026.csv`: the date CMS gives the table effect. */
const FILE_NAME_DATE = /Eff_(\d{2})-(\d{2})-(\d{4})/i;
/** HCPCS Level II and CPT codes (incl. Category III and PLA codes such as 0001U): five letters or digits. */
const HCPCS_CPT_CODE = /^[0-9A-Z]{5}$/;
const ADJUDICATION = /^([123])(?:\s|$)/;

type Column = 'code' | 'value' | 'adjudication' | 'rationale';
const COLUMNS: { column: Column; header: RegExp; label: string }[] = [
  { column: 'code', header: /^HCPCS\s*\/?\s*CPT Code$/i, label: 'HCPCS/CPT Code' },
  { column: 'value', header: /MUE Values?$/i, label: 'MUE Values' },
  { column: 'adjudication', header: /^MUE Adjudication Indicator$/i, label: 'MUE Adjudication Indicator' },
  { column: 'rationale', header: /^MUE Rationale$/i, label: 'MUE Rationale' },
];

/**
 * Parse one MUE table. The table kind comes from the header's value column (`Practitioner
 * Services MUE Values`), else from the file name; when both name one they must agree. The
 * effective date comes from the file name (`Eff_04-01-2026` -> 2026-04-01) unless given.
 *
 * @throws CodeSetFormatError naming the file, line and column when the file is empty, binary or
 *   not CSV, ends in the middle of a line, has no header row or misses a column, the table
 *   cannot be told, a code is malformed or appears twice, an MUE value is not a whole number,
 *   or an adjudication indicator is not 1, 2 or 3.
 */
export function parseMueTable(file: ReleaseFile, opts: { effectiveFrom?: string } = {}): ParsedMueTable {
  const effectiveFrom = opts.effectiveFrom ?? effectiveDateFromName(file.name);
  const text = decodeLegacyText(file, WHAT);
  if (!text.endsWith('\n')) {
    // CMS ends every row, the last included, with a newline; without it the file was cut short
    // and the last row may have lost digits of its value or part of its rationale.
    throw new CodeSetFormatError({ file: file.name, line: text.split('\n').length }, 'the file ends in the middle of this line: it is truncated');
  }
  const records = readCsvRecords(file.name, text);
  const headerIndex = records.slice(0, HEADER_WITHIN_RECORDS).findIndex((r) => COLUMNS[0].header.test(headerText(r.cells[0] ?? '')));
  if (headerIndex < 0) {
    throw new CodeSetFormatError({ file: file.name, line: 1 }, `no header row ("HCPCS/CPT Code", "… MUE Values", "MUE Adjudication Indicator", "MUE Rationale") in the first ${HEADER_WITHIN_RECORDS} records: not ${WHAT}`);
  }
  const header = records[headerIndex];
  const col = locateColumns(file.name, header);
  const table = tableKind(file.name, header, col.value);

  const rows: MueRows = {};
  const lineOf = new Map<string, number>();
  let count = 0;
  for (const record of records.slice(headerIndex + 1)) {
    if (isBlankRecord(record.cells)) continue;
    const cell = (c: Column) => (record.cells[col[c]] ?? '').trim();
    const at = (c: Column) => ({ file: file.name, line: record.line, field: `${headerText(header.cells[col[c]])} (column ${columnLetter(col[c])})` });

    const code = cell('code').toUpperCase();
    if (!HCPCS_CPT_CODE.test(code)) throw new CodeSetFormatError(at('code'), `"${cell('code')}" is not a HCPCS or CPT code (five letters or digits)`);
    const earlier = lineOf.get(code);
    if (earlier !== undefined) throw new CodeSetFormatError(at('code'), `${code} appears twice (also on line ${earlier})`);
    lineOf.set(code, record.line);

    const valueText = cell('value');
    if (!/^\d+$/.test(valueText)) throw new CodeSetFormatError(at('value'), `MUE value "${valueText}" for ${code} is not a whole number of units`);
    const adjudication = ADJUDICATION.exec(cell('adjudication'));
    if (!adjudication) {
      throw new CodeSetFormatError(at('adjudication'), `"${cell('adjudication')}" for ${code} is not an MUE Adjudication Indicator (1 Line Edit, 2 Date of Service Edit: Policy, 3 Date of Service Edit: Clinical)`);
    }
    rows[code] = [Number(valueText), Number(adjudication[1]) as MueAdjudication, cell('rationale')];
    count++;
  }
  if (count === 0) throw new CodeSetFormatError({ file: file.name, line: header.endLine + 1 }, 'the file has a header row but no codes');
  return { table, rows, effectiveFrom };
}

/**
 * One quarter's release from its parsed tables (one to three, one per kind, all with the same
 * effective date). Meta: system `hcpcs`, content `mue`, version `2026-Q2` for a quarter that
 * starts on its first day (else the date itself), effectiveTo null (the next quarter replaces
 * it), and every file with its sha256.
 */
export async function combineMueTables(parts: { file: ReleaseFile; parsed: ParsedMueTable }[]): Promise<MueData> {
  if (parts.length === 0) throw new Error('no MUE tables were given');
  const first = parts[0];
  const { effectiveFrom } = first.parsed;
  // Sources in table order, not in the order the files were picked: the release id hashes the
  // sources, and the same tables must be recognized as the same release however they come.
  const ordered = [...parts].sort((a, b) => MUE_TABLE_KINDS.indexOf(a.parsed.table) - MUE_TABLE_KINDS.indexOf(b.parsed.table));
  const tables: MueData['tables'] = {};
  const fileOf = new Map<MueTableKind, string>();
  const sources: SourceFile[] = [];
  for (const { file, parsed } of ordered) {
    if (parsed.effectiveFrom !== effectiveFrom) {
      throw new CodeSetFormatError({ file: file.name }, `this table takes effect ${parsed.effectiveFrom}, but ${first.file.name} takes effect ${effectiveFrom}; one release holds one quarter's tables`);
    }
    const other = fileOf.get(parsed.table);
    if (other) throw new CodeSetFormatError({ file: file.name }, `${other} is the same ${parsed.table} table; give each table once`);
    fileOf.set(parsed.table, file.name);
    tables[parsed.table] = parsed.rows;
    sources.push({ name: file.name, sha256: await sha256Hex(file.bytes), bytes: file.bytes.length });
  }
  return { meta: { system: 'hcpcs', content: 'mue', version: quarterLabel(effectiveFrom), effectiveFrom, effectiveTo: null, sources }, tables };
}

/** MUE files grouped into one release per effective date, oldest first. */
export async function mueReleases(files: ReleaseFile[]): Promise<MueData[]> {
  const byDate = new Map<string, { file: ReleaseFile; parsed: ParsedMueTable }[]>();
  for (const file of files) {
    const parsed = parseMueTable(file);
    let group = byDate.get(parsed.effectiveFrom);
    if (!group) byDate.set(parsed.effectiveFrom, (group = []));
    group.push({ file, parsed });
  }
  const dates = [...byDate.keys()].sort();
  return Promise.all(dates.map((d) => combineMueTables(byDate.get(d)!)));
}

/** The MUE tables behind the interface the edits use. */
export function mueTables(data: MueData): MueTables {
  return {
    meta: data.meta,
    limit: (table, code) => {
      const row = data.tables[table]?.[code.trim().toUpperCase()];
      return row ? { value: row[0], adjudication: row[1], rationale: row[2] } : null;
    },
  };
}

/** `2026-04-01` -> `2026-Q2`; a date that does not start a quarter stays as it is. */
export function quarterLabel(date: string): string {
  const [year, month, day] = date.split('-').map(Number);
  return day === 1 && (month - 1) % 3 === 0 ? `${year}-Q${(month - 1) / 3 + 1}` : date;
}

function effectiveDateFromName(fileName: string): string {
  const m = FILE_NAME_DATE.exec(fileName);
  const iso = m ? `${m[3]}-${m[1]}-${m[2]}` : '';
  if (!m || !isRealDate(iso)) {
    throw new CodeSetFormatError({ file: fileName }, 'cannot tell the effective date from the file name (CMS names it like MCR_MUE_PractitionerServices_Eff_04-01-2026.csv)');
  }
  return iso;
}

function isRealDate(iso: string): boolean {
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso;
}

function locateColumns(fileName: string, header: CsvRecord): Record<Column, number> {
  const names = header.cells.map(headerText);
  const col = {} as Record<Column, number>;
  for (const { column, header: pattern, label } of COLUMNS) {
    const idx = names.findIndex((n) => pattern.test(n));
    if (idx < 0) {
      throw new CodeSetFormatError({ file: fileName, line: header.line, field: label }, `missing column "${label}" in the header row (found: ${names.filter(Boolean).join(', ') || 'none'})`);
    }
    col[column] = idx;
  }
  return col;
}

function tableKind(fileName: string, header: CsvRecord, valueColumn: number): MueTableKind {
  const valueHeader = headerText(header.cells[valueColumn]);
  const fromHeader = TABLES.find((t) => valueHeader.toLowerCase() === `${t.header} MUE Values`.toLowerCase());
  const fromName = TABLES.find((t) => t.fileName.test(fileName));
  if (fromHeader && fromName && fromHeader !== fromName) {
    throw new CodeSetFormatError(
      { file: fileName, line: header.line, field: `${valueHeader} (column ${columnLetter(valueColumn)})` },
      `the header says ${fromHeader.header} but the file name says ${fromName.header}`,
    );
  }
  const found = fromHeader ?? fromName;
  if (!found) {
    throw new CodeSetFormatError(
      { file: fileName, line: header.line, field: `${valueHeader} (column ${columnLetter(valueColumn)})` },
      `cannot tell which MUE table this is (expected ${TABLES.map((t) => `"${t.header} MUE Values"`).join(', ')})`,
    );
  }
  return found.table;
}
