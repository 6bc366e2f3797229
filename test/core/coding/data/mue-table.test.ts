/**
 * The NCCI MUE tables effective 2026-04-01, checked against the counts in SOURCES.md and rows
 * read by hand, the quarter's release made of them, and damaged copies.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../core/codesets/checksum';
import { releaseId } from '../../../../core/codesets/pack';
import type { ReleaseFile } from '../../../../core/codesets/types';
import { combineMueTables, mueReleases, mueTables, parseMueTable, quarterLabel, type MueData, type ParsedMueTable } from '../../../../core/coding/data/mue-table';
import { formatError, thrown } from '../../codesets/expect-format-error';
import { rawFile } from '../../raw-files';

const DIR = 'ncci-mue/2026-04';
const PRACTITIONER = 'MCR_MUE_PractitionerServices_Eff_04-01-2026.csv';
const OUTPATIENT = 'MCR_MUE_OutpatientHospitalServices_Eff_04-01-2026.csv';
const DME = 'MCR_MUE_DMESupplierServices_Eff_04-01-2026.csv';

const files: Record<string, ReleaseFile> = {};
const parsed: Record<string, ParsedMueTable> = {};

/** Counts by MUE Adjudication Indicator (1, 2, 3). */
const byIndicator = (t: ParsedMueTable) => [1, 2, 3].map((a) => Object.values(t.rows).filter((r) => r[1] === a).length);

beforeAll(() => {
  for (const name of [PRACTITIONER, OUTPATIENT, DME]) {
    files[name] = rawFile(`${DIR}/${name}`);
    const t0 = performance.now();
    parsed[name] = parseMueTable(files[name]);
    console.info(`${name} parsed in ${(performance.now() - t0).toFixed(0)} ms`);
  }
});

describe('parseMueTable on the CMS 2026-04-01 tables', () => {
  it('reads the practitioner table: 15,095 codes, MAI 41 / 5,417 / 9,637', () => {
    const t = parsed[PRACTITIONER];
    expect(t).toMatchObject({ table: 'practitioner', effectiveFrom: '2026-04-01' });
    expect(Object.keys(t.rows)).toHaveLength(15_095);
    expect(byIndicator(t)).toEqual([41, 5_417, 9_637]);
  });

  it('reads the outpatient hospital table: 15,045 codes, MAI 42 / 6,075 / 8,928', () => {
    const t = parsed[OUTPATIENT];
    expect(t).toMatchObject({ table: 'outpatient-hospital', effectiveFrom: '2026-04-01' });
    expect(Object.keys(t.rows)).toHaveLength(15_045);
    expect(byIndicator(t)).toEqual([42, 6_075, 8_928]);
  });

  it('reads the DME supplier table: 3,083 codes, MAI 23 / 1,309 / 1,751', () => {
    const t = parsed[DME];
    expect(t).toMatchObject({ table: 'dme', effectiveFrom: '2026-04-01' });
    expect(Object.keys(t.rows)).toHaveLength(3_083);
    expect(byIndicator(t)).toEqual([23, 1_309, 1_751]);
  });

  it('keeps value, indicator and rationale of rows read by hand', () => {
    expect(parsed[PRACTITIONER].rows['0001U']).toEqual([1, 2, 'Code Descriptor / CPT Instruction']);
    expect(parsed[PRACTITIONER].rows['0002M']).toEqual([1, 3, 'Nature of Analyte']);
    expect(parsed[PRACTITIONER].rows.V5364).toEqual([0, 3, 'CMS Policy']);
    expect(parsed[DME].rows.A4206).toEqual([0, 3, 'CMS Policy']);
    // The notice and the header are not codes.
    for (const t of Object.values(parsed)) expect(Object.keys(t.rows).every((c) => /^[0-9A-Z]{5}$/.test(c))).toBe(true);
  });
});

describe('a quarter of MUE tables as one release', () => {
  let data: MueData;
  beforeAll(async () => {
    [data] = await mueReleases([files[PRACTITIONER], files[OUTPATIENT], files[DME]]);
  });

  it('holds the three tables, labelled 2026-Q2, with every file and its checksum', async () => {
    expect(Object.keys(data.tables).sort()).toEqual(['dme', 'outpatient-hospital', 'practitioner']);
    expect(data.meta).toEqual({
      system: 'hcpcs',
      content: 'mue',
      version: '2026-Q2',
      effectiveFrom: '2026-04-01',
      effectiveTo: null,
      sources: await Promise.all([PRACTITIONER, OUTPATIENT, DME].map(async (name) => ({ name, sha256: await sha256Hex(files[name].bytes), bytes: files[name].bytes.length }))),
    });
    expect(data.meta.sources.map((s) => s.sha256)).toEqual([
      '720027c47fd38f3194bbe332d7cd7e6940cdc1e1945d08d46000945c7ce6494c',
      '503b545c1a6991ca78e8376cf3d1dece3368282501920d52223c2bd5dd83285e',
      '695575e516453a4712f401393a158aaf256aa45e2f89e413e90108f9dbbf0bdc',
    ]);
  });

  it('is the same release (same id) whatever order the files come in', async () => {
    const [reversed] = await mueReleases([files[DME], files[OUTPATIENT], files[PRACTITIONER]]);
    expect(reversed.meta).toEqual(data.meta);
    expect(releaseId(reversed.meta)).toBe(releaseId(data.meta));
  });

  it('answers a limit per table and code', () => {
    const mue = mueTables(data);
    expect(mue.limit('practitioner', '0001U')).toEqual({ value: 1, adjudication: 2, rationale: 'Code Descriptor / CPT Instruction' });
    expect(mue.limit('outpatient-hospital', '0001u')).toEqual({ value: 1, adjudication: 2, rationale: 'Code Descriptor / CPT Instruction' });
    expect(mue.limit('dme', '0001U')).toBeNull();
    expect(mue.limit('dme', 'A4206')).toEqual({ value: 0, adjudication: 3, rationale: 'CMS Policy' });
  });

  it('refuses tables of two quarters, or the same table twice, in one release', async () => {
    const later = { name: PRACTITIONER.replace('04-01-2026', '07-01-2026'), bytes: files[PRACTITIONER].bytes };
    const err = await formatError(combineMueTables([{ file: files[DME], parsed: parsed[DME] }, { file: later, parsed: parseMueTable(later) }]));
    expect(err.message).toContain('takes effect 2026-07-01');
    expect((await mueReleases([files[DME], later])).map((r) => r.meta.version)).toEqual(['2026-Q2', '2026-Q3']);
    const twice = await formatError(combineMueTables([{ file: files[DME], parsed: parsed[DME] }, { file: { ...files[DME], name: 'copy.csv' }, parsed: parsed[DME] }]));
    expect(twice.location.file).toBe('copy.csv');
  });

  it('labels a quarter by its first day, any other date as itself', () => {
    expect(quarterLabel('2026-01-01')).toBe('2026-Q1');
    expect(quarterLabel('2026-10-01')).toBe('2026-Q4');
    expect(quarterLabel('2026-04-15')).toBe('2026-04-15');
  });
});

describe('parseMueTable on damaged files', () => {
  const text = () => Buffer.from(files[PRACTITIONER].bytes).toString('latin1');
  /** The real practitioner file with its text changed, byte for byte otherwise. */
  const changed = (change: (text: string) => string, name = PRACTITIONER): ReleaseFile => ({ name, bytes: new Uint8Array(Buffer.from(change(text()), 'latin1')) });
  const VALUE_FIELD = 'Practitioner Services MUE Values (column B)';

  it('refuses an empty file', () => {
    expect(thrown(() => parseMueTable({ name: PRACTITIONER, bytes: new Uint8Array() })).message).toBe(`${PRACTITIONER}: the file is empty; expected a CMS NCCI MUE table (.csv)`);
  });

  it('names line and column of an MUE value that is not a whole number', () => {
    const err = thrown(() => parseMueTable(changed((t) => t.replace('0001U,1,', '0001U,1.5,'))));
    expect(err.location).toEqual({ file: PRACTITIONER, line: 10, field: VALUE_FIELD });
    expect(err.message).toContain('MUE value "1.5" for 0001U is not a whole number');
  });

  it('names the same lines in a copy with CRLF line ends (as a CMS zip may ship it)', () => {
    const err = thrown(() => parseMueTable(changed((t) => t.replace(/\n/g, '\r\n').replace('0002M,1,', '0002M,x,'))));
    expect(err.location).toEqual({ file: PRACTITIONER, line: 11, field: VALUE_FIELD });
    expect(Object.keys(parseMueTable(changed((t) => t.replace(/\n/g, '\r\n'))).rows)).toHaveLength(15_095);
  });

  it('names line and column of an adjudication indicator that is not 1, 2 or 3', () => {
    const err = thrown(() => parseMueTable(changed((t) => t.replace('0002M,1,3 Date', '0002M,1,4 Date'))));
    expect(err.location).toEqual({ file: PRACTITIONER, line: 11, field: 'MUE Adjudication Indicator (column C)' });
  });

  it('names the header line (after the multi-line notice) when a column is missing', () => {
    const err = thrown(() => parseMueTable(changed((t) => t.replace(',MUE Rationale\n', ',Rationale\n'))));
    expect(err.location).toEqual({ file: PRACTITIONER, line: 8, field: 'MUE Rationale' });
  });

  it('refuses a file cut in the middle of a row', () => {
    const cut = { name: PRACTITIONER, bytes: files[PRACTITIONER].bytes.slice(0, 500_000) };
    const err = thrown(() => parseMueTable(cut));
    expect(err.message).toMatch(/line \d+: the file ends in the middle of this line: it is truncated/);
    expect(err.location.line).toBe(Buffer.from(cut.bytes).toString('latin1').split('\n').length);
  });

  it('names the line where a quote was left open, not the end of the file', () => {
    const err = thrown(() => parseMueTable(changed((t) => t.replace('0002U,1,2 Date of Service Edit: Policy,Code', '0002U,1,2 Date of Service Edit: Policy,"Code'))));
    expect(err.message).toContain('not a readable CSV file (Quote Not Closed');
    expect(err.location).toEqual({ file: PRACTITIONER, line: 12 });
  });

  it('refuses a code listed twice, naming both lines', () => {
    const err = thrown(() => parseMueTable(changed((t) => t.replace('0002M,1,3', '0001U,1,3'))));
    expect(err.location).toEqual({ file: PRACTITIONER, line: 11, field: 'HCPCS/CPT Code (column A)' });
    expect(err.message).toContain('0001U appears twice (also on line 10)');
  });

  it('refuses a file whose name and header name different tables, or that names no date', () => {
    expect(thrown(() => parseMueTable({ name: DME, bytes: files[PRACTITIONER].bytes })).message).toContain('the header says Practitioner Services but the file name says DME Supplier Services');
    expect(thrown(() => parseMueTable({ name: 'mue-practitioner.csv', bytes: files[PRACTITIONER].bytes })).message).toContain('cannot tell the effective date from the file name');
    // A renamed file still reads when its date is given.
    expect(parseMueTable({ name: 'mue-practitioner.csv', bytes: files[DME].bytes }, { effectiveFrom: '2026-04-01' }).table).toBe('dme');
  });
});
