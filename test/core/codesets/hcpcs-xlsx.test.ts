import { describe, expect, it } from 'vitest';
import { countHcpcs, parseHcpcsXlsx } from '../../../core/codesets/hcpcs-xlsx';
import { sha256Hex } from '../../../core/codesets/checksum';
import type { CodeListRelease, ReleaseFile } from '../../../core/codesets/types';
import { rawFile } from '../raw-files';
import { strToU8 } from 'fflate';
import { formatError } from './expect-format-error';
import { buildXlsx, HCPCS_HEADER as HEADER, hcpcsRow as row, type TestCell } from '../../fixtures/xlsx-builder';

const REAL = 'hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx';

const CODE_A = { HCPC: 'A4253', SEQNUM: '0010', RECID: '3', 'LONG DESCRIPTION': 'Synthetic strips long', 'SHORT DESCRIPTION': 'Synthetic strips', 'ADD DT': '19860101', 'ACT EFF DT': '19980701', 'ACTION CD': 'N' };
const MOD_LT = { HCPC: '   LT', SEQNUM: '0010', RECID: '7', 'LONG DESCRIPTION': 'Synthetic left side', 'SHORT DESCRIPTION': 'Left', 'ADD DT': '19840101', 'ACT EFF DT': '19970101', 'ACTION CD': 'N' };

const NAME = 'HCPC2025_OCT_ANWEB.xlsx';
const xlsxFile = (rows: TestCell[][], name = NAME, opts?: { withoutWorkbook?: boolean }): ReleaseFile => ({ name, bytes: buildXlsx(rows, opts) });

describe('parseHcpcsXlsx on the CMS 2025-10 file', () => {
  let release: CodeListRelease;
  let parseMs = 0;
  const file = rawFile(REAL);

  it('parses all 8,846 rows (8,463 codes, 383 modifiers)', async () => {
    const t0 = performance.now();
    release = await parseHcpcsXlsx(file);
    parseMs = performance.now() - t0;
    console.info(`HCPCS 2025-10 xlsx parsed in ${parseMs.toFixed(0)} ms`);
    expect(release.codes).toHaveLength(8846);
    expect(release.codes.filter((c) => c.kind === 'code')).toHaveLength(8463);
    expect(release.codes.filter((c) => c.kind === 'modifier')).toHaveLength(383);
    expect(new Set(release.codes.map((c) => c.code)).size).toBe(8846);
  });

  it('leaves the caller\u2019s bytes intact and records provenance', async () => {
    expect(file.bytes.length).toBe(1867538);
    expect(release.meta).toEqual({
      system: 'hcpcs',
      content: 'codes',
      version: '2025-10',
      effectiveFrom: '2025-10-01',
      effectiveTo: null,
      sources: [{ name: 'HCPC2025_OCT_ANWEB.xlsx', sha256: await sha256Hex(file.bytes), bytes: 1867538 }],
    });
  });

  it('counts active and terminated codes and modifiers as of 2025-10-01', () => {
    expect(countHcpcs(release, '2025-10-01')).toEqual({
      codes: { active: 7258, terminated: 1205 },
      modifiers: { active: 363, terminated: 20 },
    });
    // TERM DT is the last valid day: the 7 codes terminated 20250930 are still active on
    // 2025-09-30, and the 73 codes added 20251001 are not yet active (in neither count).
    expect(countHcpcs(release, '2025-09-30')).toEqual({
      codes: { active: 7192, terminated: 1198 },
      modifiers: { active: 363, terminated: 20 },
    });
    // 10 modifiers (JG, MA-MH, QQ) have TERM DT 20241231.
    expect(countHcpcs(release, '2024-12-31').modifiers).toEqual({ active: 373, terminated: 10 });
  });

  it('marks active Level II codes billable and modifiers never billable', () => {
    const billable = release.codes.filter((c) => c.billable);
    expect(billable).toHaveLength(7258);
    expect(billable.every((c) => c.kind === 'code' && c.terminatedOn === undefined)).toBe(true);
  });

  it('keeps exact CMS titles and dates', () => {
    const byCode = new Map(release.codes.map((c) => [c.code, c]));
    expect(byCode.get('A4253')).toEqual({
      code: 'A4253',
      billable: true,
      shortTitle: 'Blood glucose/reagent strips',
      longTitle: 'Blood glucose test or reagent strips for home blood glucose monitor, per 50 strips',
      kind: 'code',
      addedOn: '1986-01-01',
      effectiveOn: '1998-07-01',
    });
    expect(byCode.get('E0601')).toMatchObject({ shortTitle: 'Cont airway pressure device', longTitle: 'Continuous positive airway pressure (cpap) device' });
    expect(byCode.get('J1100')).toMatchObject({ shortTitle: 'Dexamethasone sodium phos', longTitle: 'Injection, dexamethasone sodium phosphate, 1 mg' });
    expect(byCode.get('G0439')).toMatchObject({
      shortTitle: 'Ppps, subseq visit',
      longTitle: 'Annual wellness visit, includes a personalized prevention plan of service (pps), subsequent visit',
      addedOn: '2011-01-01',
    });
    // Modifiers: HCPC '   LT' is trimmed.
    expect(byCode.get('LT')).toEqual({
      code: 'LT',
      billable: false,
      shortTitle: 'Left side',
      longTitle: 'Left side (used to identify procedures performed on the left side of the body)',
      kind: 'modifier',
      addedOn: '1984-01-01',
      effectiveOn: '1997-01-01',
    });
    expect(byCode.get('XS')).toMatchObject({ kind: 'modifier', shortTitle: 'Separate organ/structure' });
    // 25 and 59 are CPT modifiers, not in the HCPCS file.
    expect(byCode.has('25')).toBe(false);
    expect(byCode.has('59')).toBe(false);
    // A code terminated at the end of the previous quarter.
    expect(byCode.get('J2150')).toEqual({
      code: 'J2150',
      billable: false,
      shortTitle: 'Mannitol injection',
      longTitle: 'Injection, mannitol, 25% in 50 ml',
      kind: 'code',
      addedOn: '1986-01-01',
      effectiveOn: '2025-10-01',
      terminatedOn: '2025-09-30',
    });
    expect(byCode.get('JG')).toMatchObject({ kind: 'modifier', terminatedOn: '2024-12-31', effectiveOn: '2025-01-01' });
    // ACT EFF DT is empty for 117 old codes in this file.
    expect(byCode.get('A0130')).toEqual({
      code: 'A0130',
      billable: true,
      shortTitle: 'Noner transport wheelch van',
      longTitle: 'Non-emergency transportation: wheelchair van',
      kind: 'code',
      addedOn: '1982-01-01',
    });
    expect(release.codes.filter((c) => c.effectiveOn === undefined)).toHaveLength(117);
  });

  it('has 2025-10-01 as its latest ADD DT and ACT EFF DT', () => {
    const max = (xs: (string | undefined)[]) => xs.filter((x): x is string => x !== undefined).sort().at(-1);
    expect(max(release.codes.map((c) => c.addedOn))).toBe('2025-10-01');
    expect(max(release.codes.map((c) => c.effectiveOn))).toBe('2025-10-01');
    expect(release.codes.filter((c) => c.addedOn === '2025-10-01')).toHaveLength(73);
  });
});

describe('parseHcpcsXlsx on synthetic workbooks', () => {
  it('reads a minimal workbook, numeric date cells and RECID 4 continuation rows', async () => {
    const rows = [
      HEADER,
      row({ ...CODE_A, 'ADD DT': { n: '19860101' } }),
      row({ HCPC: 'A4253', SEQNUM: '0020', RECID: '4', 'LONG DESCRIPTION': 'continued text' }),
      [], // blank row in the middle is skipped
      row({ ...MOD_LT, 'TERM DT': '20251231' }),
    ];
    const rel = await parseHcpcsXlsx(xlsxFile(rows), { effectiveTo: '2025-12-31' });
    expect(rel.meta).toMatchObject({ version: '2025-10', effectiveFrom: '2025-10-01', effectiveTo: '2025-12-31' });
    expect(rel.codes).toEqual([
      { code: 'A4253', billable: true, shortTitle: 'Synthetic strips', longTitle: 'Synthetic strips long continued text', kind: 'code', addedOn: '1986-01-01', effectiveOn: '1998-07-01' },
      { code: 'LT', billable: false, shortTitle: 'Left', longTitle: 'Synthetic left side', kind: 'modifier', addedOn: '1984-01-01', effectiveOn: '1997-01-01', terminatedOn: '2025-12-31' },
    ]);
    expect(countHcpcs(rel, '2025-12-31').modifiers).toEqual({ active: 1, terminated: 0 });
    expect(countHcpcs(rel, '2026-01-01').modifiers).toEqual({ active: 0, terminated: 1 });
  });

  it('derives the version from the file name or takes it from options', async () => {
    const rows = [HEADER, row(CODE_A)];
    expect((await parseHcpcsXlsx(xlsxFile(rows, 'HCPC2026_JAN_ANWEB_v2.xlsx'))).meta).toMatchObject({ version: '2026-01', effectiveFrom: '2026-01-01' });
    expect((await parseHcpcsXlsx(xlsxFile(rows, 'hcpcs.xlsx'), { version: '2026-04' })).meta).toMatchObject({ version: '2026-04', effectiveFrom: '2026-04-01' });
    const err = await formatError(parseHcpcsXlsx(xlsxFile(rows, 'hcpcs.xlsx')));
    expect(err.message).toMatch(/^hcpcs\.xlsx: cannot tell the release month from the file name.*opts\.version/);
  });

  it('rejects a text file', async () => {
    const err = await formatError(parseHcpcsXlsx({ name: 'HCPC2025_OCT_ANWEB.txt', bytes: strToU8('A4253 Blood glucose strips\n') }));
    expect(err.location).toEqual({ file: 'HCPC2025_OCT_ANWEB.txt' });
    expect(err.message).toMatch(/^HCPC2025_OCT_ANWEB\.txt: not a readable \.xlsx workbook/);
  });

  it('rejects an empty file, a legacy .xls and a damaged zip', async () => {
    const empty = await formatError(parseHcpcsXlsx({ name: NAME, bytes: new Uint8Array(0) }));
    expect(empty.message).toBe('HCPC2025_OCT_ANWEB.xlsx: not a readable .xlsx workbook (the file is empty)');
    const xls = await formatError(parseHcpcsXlsx({ name: 'HCPC2025_OCT_ANWEB.xls', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) }));
    expect(xls.message).toMatch(/legacy Excel 97-2003 \.xls file\); save it as \.xlsx$/);
    const truncated = buildXlsx([HEADER, row(CODE_A)]).slice(0, 300);
    const damaged = await formatError(parseHcpcsXlsx({ name: NAME, bytes: truncated }));
    expect(damaged.message).toMatch(/^HCPC2025_OCT_ANWEB\.xlsx: not a readable \.xlsx workbook \(damaged zip/);
  });

  it('rejects a zip without a workbook', async () => {
    const err = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row(CODE_A)], NAME, { withoutWorkbook: true })));
    expect(err.message).toMatch(/^HCPC2025_OCT_ANWEB\.xlsx: not a readable \.xlsx workbook .*workbook/);
  });

  it('rejects an empty sheet', async () => {
    const err = await formatError(parseHcpcsXlsx(xlsxFile([])));
    expect(err.message).toBe('HCPC2025_OCT_ANWEB.xlsx, line 1: the sheet is empty; expected a header row (HCPC, SEQNUM, RECID, ...) and data rows');
  });

  it('rejects a header without data rows', async () => {
    const err = await formatError(parseHcpcsXlsx(xlsxFile([HEADER])));
    expect(err.message).toBe('HCPC2025_OCT_ANWEB.xlsx, line 2: the sheet has a header row but no codes');
  });

  it('names a missing required column', async () => {
    const header = HEADER.filter((h) => h !== 'ACT EFF DT');
    const err = await formatError(parseHcpcsXlsx(xlsxFile([header, row(CODE_A, header)])));
    expect(err.location).toEqual({ file: NAME, line: 1, field: 'ACT EFF DT' });
    expect(err.message).toMatch(/^HCPC2025_OCT_ANWEB\.xlsx, line 1, field ACT EFF DT: missing required column 'ACT EFF DT'/);
  });

  it('rejects a row with an empty HCPC, naming row and column', async () => {
    const err = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row(CODE_A), row({ ...CODE_A, HCPC: '   ' })])));
    expect(err.message).toBe('HCPC2025_OCT_ANWEB.xlsx, line 3, field HCPC (column A): empty HCPC');
  });

  it('rejects a malformed HCPC', async () => {
    const err = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row({ ...CODE_A, HCPC: 'A425' })])));
    expect(err.message).toBe("HCPC2025_OCT_ANWEB.xlsx, line 2, field HCPC (column A): 'A425' is not a Level II code (a letter and four digits)");
    const mod = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row({ ...MOD_LT, HCPC: 'LTX' })])));
    expect(mod.message).toBe("HCPC2025_OCT_ANWEB.xlsx, line 2, field HCPC (column A): 'LTX' is not a modifier (two letters or digits)");
  });

  it('rejects an unknown RECID and an orphan continuation row', async () => {
    const err = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row({ ...CODE_A, RECID: '5' })])));
    expect(err.message).toBe("HCPC2025_OCT_ANWEB.xlsx, line 2, field RECID (column C): unknown RECID '5' for A4253; expected 3 (code) or 7 (modifier)");
    const orphan = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row(CODE_A), row({ ...CODE_A, HCPC: 'A4259', RECID: '4' })])));
    expect(orphan.location).toEqual({ file: NAME, line: 3, field: 'RECID (column C)' });
  });

  it('rejects a duplicate code, naming both rows', async () => {
    const err = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row(CODE_A), row(MOD_LT), row(CODE_A)])));
    expect(err.message).toBe('HCPC2025_OCT_ANWEB.xlsx, line 4, field HCPC (column A): A4253 appears twice, on rows 2 and 4');
  });

  it('rejects dates that are not YYYYMMDD, naming row and column', async () => {
    const iso = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row(CODE_A), row({ ...MOD_LT, 'TERM DT': '2025-09-30' })])));
    expect(iso.message).toBe("HCPC2025_OCT_ANWEB.xlsx, line 3, field TERM DT (column AU): '2025-09-30' is not a date in YYYYMMDD form");
    const impossible = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row({ ...CODE_A, 'ADD DT': '20250230' })])));
    expect(impossible.location).toEqual({ file: NAME, line: 2, field: 'ADD DT (column AS)' });
    const missing = await formatError(parseHcpcsXlsx(xlsxFile([HEADER, row({ ...CODE_A, 'ADD DT': null })])));
    expect(missing.message).toBe('HCPC2025_OCT_ANWEB.xlsx, line 2, field ADD DT (column AS): A4253 has no ADD DT');
  });

  it('rejects bad date arguments to countHcpcs', async () => {
    const rel = await parseHcpcsXlsx(xlsxFile([HEADER, row(CODE_A)]));
    expect(() => countHcpcs(rel, '20251001')).toThrow(RangeError);
  });
});
