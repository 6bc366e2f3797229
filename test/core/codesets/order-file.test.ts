/**
 * CMS order-file parser on the real FY2026 ICD-10-CM and ICD-10-PCS files. Counts, checksums
 * and titles were taken from the files by hand (grep) and from raw/SOURCES.md. Malformed input
 * is made by editing real lines in memory, so the errors are the ones a damaged download gives.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { parseOrderFile } from '../../../core/codesets/order-file';
import type { CodeListRelease, ReleaseFile } from '../../../core/codesets/types';
import { rawFile } from '../raw-files';
import { formatError } from './expect-format-error';

const CM_ZIP = 'icd10cm/FY2026/cms_2026_dx.zip';
const CM_TXT = 'icd10cm/FY2026/icd10cm_order_2026.txt';
const PCS_ZIP = 'icd10pcs/FY2026/cms_2026_pr.zip';

/** sha256 and sizes as recorded in raw/SOURCES.md. */
const CM_ZIP_SOURCE = { name: 'cms_2026_dx.zip', member: 'icd10cm_order_2026.txt', sha256: '55a9124a27ca78a4a5c41e1101eda064ec2e08d105ff9e78d1fbd1a83298ef11', bytes: 2204985 };
const CM_TXT_SOURCE = { name: 'icd10cm_order_2026.txt', sha256: '6dc95c9c7e96c734806e1682f4bf9df76251d60e99199bba0d375ba3dd11026b', bytes: 14694719 };
const PCS_ZIP_SOURCE = { name: 'cms_2026_pr.zip', member: 'icd10pcs_order_2026.txt', sha256: '64e37e6060bfd9eca74d9973be28fdf570b40f87a3a855bd078eb343dd0e594e', bytes: 1319592 };

const ORDER_NAME = 'icd10cm_order_2026.txt';

let cmZipFile: ReleaseFile;
let cmTxtFile: ReleaseFile;
let fromZip: CodeListRelease;
let fromTxt: CodeListRelease;
let pcs: CodeListRelease;
/** The first 6 lines of the real CM order file, without line ends. */
let head: string[];

beforeAll(async () => {
  cmZipFile = rawFile(CM_ZIP);
  cmTxtFile = rawFile(CM_TXT);
  [fromZip, fromTxt, pcs] = await Promise.all([
    parseOrderFile(cmZipFile, 'icd10cm'),
    parseOrderFile(cmTxtFile, 'icd10cm'),
    parseOrderFile(rawFile(PCS_ZIP), 'icd10pcs'),
  ]);
  head = new TextDecoder().decode(cmTxtFile.bytes.subarray(0, 2000)).split('\r\n').slice(0, 6);
});

/** An order file as CMS writes it (CRLF, final line end) from the given lines. */
const orderFile = (lines: string[], name = ORDER_NAME): ReleaseFile => ({ name, bytes: strToU8(lines.map((l) => `${l}\r\n`).join('')) });

/** The real head with line `n` (1-based) replaced. */
const withLine = (n: number, edit: (line: string) => string): string[] => head.map((l, i) => (i === n - 1 ? edit(l) : l));

const byCode = (release: CodeListRelease) => new Map(release.codes.map((c) => [c.code, c]));

describe('parseOrderFile on the CMS FY2026 ICD-10-CM order file', () => {
  it('reads 98,186 records from inside the CMS zip: 74,719 billable codes and 23,467 headers', () => {
    expect(fromZip.codes).toHaveLength(98186);
    expect(fromZip.codes.filter((c) => c.billable)).toHaveLength(74719);
    expect(fromZip.codes.filter((c) => !c.billable)).toHaveLength(23467);
    expect(new Set(fromZip.codes.map((c) => c.code)).size).toBe(98186);
  });

  it('gives exactly the same records from the zip and from the bare .txt', () => {
    expect(fromTxt.codes).toHaveLength(98186);
    expect(fromTxt.codes).toEqual(fromZip.codes);
  });

  it('records the release: ICD-10-CM FY2026, 2025-10-01 to 2026-09-30, with the CMS checksums', () => {
    expect(fromZip.meta).toEqual({
      system: 'icd10cm',
      content: 'codes',
      version: 'FY2026',
      effectiveFrom: '2025-10-01',
      effectiveTo: '2026-09-30',
      sources: [CM_ZIP_SOURCE],
    });
    expect(fromTxt.meta).toEqual({ ...fromZip.meta, sources: [CM_TXT_SOURCE] });
    expect(fromTxt.meta.sources[0]).not.toHaveProperty('member');
  });

  it('keeps the exact CMS titles, short and long, in tabular order with their line numbers', () => {
    const codes = byCode(fromZip);
    expect(fromZip.codes[0]).toEqual({ code: 'A00', billable: false, shortTitle: 'Cholera', longTitle: 'Cholera', line: 1 });
    expect(fromZip.codes[1]).toEqual({ code: 'A000', billable: true, shortTitle: 'Cholera due to Vibrio cholerae 01, biovar cholerae', longTitle: 'Cholera due to Vibrio cholerae 01, biovar cholerae', line: 2 });
    expect(codes.get('E1165')).toEqual({ code: 'E1165', billable: true, shortTitle: 'Type 2 diabetes mellitus with hyperglycemia', longTitle: 'Type 2 diabetes mellitus with hyperglycemia', line: 4413 });
    // Short title abbreviated (60-character column), long title complete.
    expect(codes.get('Z2911')).toEqual({
      code: 'Z2911',
      billable: true,
      shortTitle: 'Enctr for prphylc immther for resp syncytial virus (RSV)',
      longTitle: 'Encounter for prophylactic immunotherapy for respiratory syncytial virus (RSV)',
      line: 96706,
    });
    expect(codes.get('C783')).toMatchObject({ billable: false, shortTitle: 'Secondary malignant neoplasm of and unsp respiratory organs', longTitle: 'Secondary malignant neoplasm of other and unspecified respiratory organs' });
    // Seven-character code with its placeholder X.
    expect(codes.get('T528X1A')).toMatchObject({ billable: true, shortTitle: 'Toxic effect of organic solvents, accidental, init', longTitle: 'Toxic effect of other organic solvents, accidental (unintentional), initial encounter' });
    expect(fromZip.codes.at(-1)).toEqual({ code: 'U099', billable: true, shortTitle: 'Post COVID-19 condition, unspecified', longTitle: 'Post COVID-19 condition, unspecified', line: 98186 });
    // Category before its codes: E11 header, then E11.65 further on.
    const at = (code: string) => fromZip.codes.findIndex((c) => c.code === code);
    expect(codes.get('E11')).toMatchObject({ billable: false, longTitle: 'Type 2 diabetes mellitus' });
    expect(at('E11')).toBeLessThan(at('E1165'));
    expect(at('E1165')).toBeLessThan(at('E13'));
  });

  it('stores codes without the dot and with no padding', () => {
    expect(fromZip.codes.every((c) => /^[A-Z][0-9A-Z]{2,6}$/.test(c.code))).toBe(true);
    expect(fromZip.codes.every((c) => c.shortTitle === c.shortTitle.trim() && c.longTitle === c.longTitle.trim())).toBe(true);
  });
});

describe('parseOrderFile on the CMS FY2026 ICD-10-PCS zip', () => {
  it('reads 80,029 lines: 79,115 valid codes and 914 headers', () => {
    expect(pcs.codes).toHaveLength(80029);
    expect(pcs.codes.filter((c) => c.billable)).toHaveLength(79115);
    expect(pcs.codes.filter((c) => !c.billable)).toHaveLength(914);
    // Only complete 7-character codes are valid on a claim; headers are the 3-character tables.
    expect(pcs.codes.every((c) => c.code.length === (c.billable ? 7 : 3))).toBe(true);
  });

  it('keeps the PCS titles and the release metadata', () => {
    expect(pcs.codes[0]).toEqual({ code: '001', billable: false, shortTitle: 'Central Nervous System and Cranial Nerves, Bypass', longTitle: 'Central Nervous System and Cranial Nerves, Bypass', line: 1 });
    expect(pcs.codes[1]).toEqual({
      code: '0016070',
      billable: true,
      shortTitle: 'Bypass Cereb Vent to Nasophar with Autol Sub, Open Approach',
      longTitle: 'Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach',
      line: 2,
    });
    expect(pcs.codes.at(-1)).toMatchObject({ code: 'XY0YX37', line: 80029, longTitle: 'Extracorporeal Introduction of Nafamostat Anticoagulant, New Technology Group 7' });
    expect(pcs.meta).toEqual({
      system: 'icd10pcs',
      content: 'codes',
      version: 'FY2026',
      effectiveFrom: '2025-10-01',
      effectiveTo: '2026-09-30',
      sources: [PCS_ZIP_SOURCE],
    });
  });
});

describe('parseOrderFile on damaged order files', () => {
  it('accepts the untouched head of the real file (the baseline the edits below break)', async () => {
    const rel = await parseOrderFile(orderFile(head), 'icd10cm');
    expect(rel.codes.map((c) => c.code)).toEqual(['A00', 'A000', 'A001', 'A009', 'A01', 'A010']);
  });

  it('names the line of a truncated line (cut at column 40)', async () => {
    const err = await formatError(parseOrderFile(orderFile(withLine(3, (l) => l.slice(0, 40))), 'icd10cm'));
    expect(err.location).toEqual({ file: ORDER_NAME, line: 3, field: 'long title (col 78+)' });
    expect(err.message).toBe(
      'icd10cm_order_2026.txt, line 3, field long title (col 78+): line is 40 characters, too short for the order-file layout (the long title starts at column 78)',
    );
  });

  it('names the line and field of a shifted column', async () => {
    // A space at the start of line 4 pushes the order number out of columns 1-5.
    const start = await formatError(parseOrderFile(orderFile(withLine(4, (l) => ` ${l}`)), 'icd10cm'));
    expect(start.location).toEqual({ file: ORDER_NAME, line: 4, field: 'order number (cols 1-5)' });
    expect(start.message).toBe('icd10cm_order_2026.txt, line 4, field order number (cols 1-5): expected a 5-digit order number then a blank, found " 00004"');
    // A space before the code on line 2 pushes the code out of columns 7-13.
    const code = await formatError(parseOrderFile(orderFile(withLine(2, (l) => `${l.slice(0, 6)} ${l.slice(6)}`)), 'icd10cm'));
    expect(code.location).toEqual({ file: ORDER_NAME, line: 2, field: 'code (cols 7-13)' });
    expect(code.message).toBe('icd10cm_order_2026.txt, line 2, field code (cols 7-13): " A000  " is not an ICD-10-CM code in columns 7-13 (is a column shifted?)');
  });

  it('names the line of a bad billable flag', async () => {
    const err = await formatError(parseOrderFile(orderFile(withLine(3, (l) => `${l.slice(0, 14)}X${l.slice(15)}`)), 'icd10cm'));
    expect(err.location).toEqual({ file: ORDER_NAME, line: 3, field: 'billable flag (col 15)' });
    expect(err.message).toBe('icd10cm_order_2026.txt, line 3, field billable flag (col 15): expected 0 (header) or 1 (billable), found "X "');
  });

  it('names the line of a corrupted line deep in the real file (E11.65, line 4413)', async () => {
    const bytes = cmTxtFile.bytes.slice();
    const text = new TextDecoder().decode(bytes.subarray(0, 700_000));
    const offset = text.indexOf('\r\n04413 E1165   1 ') + 2 + 14;
    expect(String.fromCharCode(bytes[offset])).toBe('1');
    bytes[offset] = '7'.charCodeAt(0);
    const err = await formatError(parseOrderFile({ name: ORDER_NAME, bytes }, 'icd10cm'));
    expect(err.location).toEqual({ file: ORDER_NAME, line: 4413, field: 'billable flag (col 15)' });
  });

  it('refuses a file cut short inside a line (a cut long title would otherwise look valid)', async () => {
    const cut = orderFile(head).bytes;
    // Line 6 loses the end of its long title and its CRLF.
    const bytes = cut.subarray(0, cut.length - 12);
    const err = await formatError(parseOrderFile({ name: ORDER_NAME, bytes }, 'icd10cm'));
    expect(err.location).toEqual({ file: ORDER_NAME, line: 6 });
    expect(err.message).toBe('icd10cm_order_2026.txt, line 6: the file ends in the middle of this line: it is truncated');
    // The real file, downloaded only up to its first megabyte.
    const partial = cmTxtFile.bytes.subarray(0, 1_000_000);
    const lines = partial.reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    const real = await formatError(parseOrderFile({ name: ORDER_NAME, bytes: partial }, 'icd10cm'));
    expect(real.location).toEqual({ file: ORDER_NAME, line: lines });
    expect(lines).toBe(7870);
  });

  it('names both lines of a duplicated code', async () => {
    const err = await formatError(parseOrderFile(orderFile([...head.slice(0, 3), head[1]]), 'icd10cm'));
    expect(err.message).toBe('icd10cm_order_2026.txt, line 4, field code (cols 7-13): A000 appears twice (also on line 2)');
  });

  it('rejects an empty file', async () => {
    const err = await formatError(parseOrderFile({ name: ORDER_NAME, bytes: new Uint8Array(0) }, 'icd10cm'));
    expect(err.location).toEqual({ file: ORDER_NAME });
    expect(err.message).toMatch(/^icd10cm_order_2026\.txt: the file is empty; expected a.* ICD-10-CM order file$/);
  });

  it('rejects a binary file', async () => {
    const text = strToU8(head.join('\r\n'));
    const bytes = new Uint8Array([...text.subarray(0, 50), 0, 0, 0x13, 0x37, ...text.subarray(50)]);
    const err = await formatError(parseOrderFile({ name: ORDER_NAME, bytes }, 'icd10cm'));
    expect(err.location).toEqual({ file: ORDER_NAME });
    expect(err.message).toMatch(/^icd10cm_order_2026\.txt: this is a binary file, not a.* ICD-10-CM order file$/);
  });

  it('rejects a zip without the order file, listing what it holds', async () => {
    const zip = zipSync({ 'icd10cm_codes_2026.txt': strToU8('A000    Cholera due to Vibrio cholerae 01, biovar cholerae\r\n'), 'README.txt': strToU8('readme\r\n') });
    const err = await formatError(parseOrderFile({ name: 'cms_2026_dx.zip', bytes: zip }, 'icd10cm'));
    expect(err.location).toEqual({ file: 'cms_2026_dx.zip' });
    expect(err.message).toBe('cms_2026_dx.zip: the zip has no ICD-10-CM order file (icd10cm_order_YYYY.txt); it holds icd10cm_codes_2026.txt, README.txt');
    // The PCS zip picked by mistake for ICD-10-CM.
    const pcsZip = await formatError(parseOrderFile(rawFile(PCS_ZIP), 'icd10cm'));
    expect(pcsZip.message).toBe('cms_2026_pr.zip: the zip has no ICD-10-CM order file (icd10cm_order_YYYY.txt); it holds icd10pcsOrderFile.pdf, icd10pcs_order_2026.txt, order_addenda_2026.txt');
  });

  it('rejects a damaged (truncated) CMS zip', async () => {
    const err = await formatError(parseOrderFile({ name: 'cms_2026_dx.zip', bytes: cmZipFile.bytes.slice(0, 1_000_000) }, 'icd10cm'));
    expect(err.location).toEqual({ file: 'cms_2026_dx.zip' });
    expect(err.message).toMatch(/^cms_2026_dx\.zip: the zip is damaged or truncated \(.+\)$/);
  });

  it('names the member and its line for a bad line inside a zip', async () => {
    const member = orderFile(withLine(5, (l) => l.slice(0, 60)));
    const zip = zipSync({ 'icd10cm_order_2026.txt': member.bytes });
    const err = await formatError(parseOrderFile({ name: 'cms_2026_dx.zip', bytes: zip }, 'icd10cm'));
    expect(err.location).toEqual({ file: 'icd10cm_order_2026.txt', line: 5, field: 'long title (col 78+)' });
  });

  it('needs the version when the file name carries no year', async () => {
    const err = await formatError(parseOrderFile(orderFile(head, 'order.txt'), 'icd10cm'));
    expect(err.message).toBe('order.txt: cannot tell the fiscal year from the file name; give the release version explicitly');
    const rel = await parseOrderFile(orderFile(head, 'order.txt'), 'icd10cm', { version: 'FY2026', effectiveFrom: '2025-10-01', effectiveTo: '2026-09-30' });
    expect(rel.meta).toMatchObject({ version: 'FY2026', effectiveFrom: '2025-10-01', effectiveTo: '2026-09-30' });
  });
});
