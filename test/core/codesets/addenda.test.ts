/**
 * ICD-10-CM order addenda: parsing the real FY2027 and FY2026 addenda, and building FY2027 by
 * applying the FY2027 addenda to the real FY2026 order file. Expected titles and line numbers
 * were read from icd10cm_order_addenda_2027.txt by hand; errors are provoked by editing real
 * lines of that file in memory.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { applyAddenda, parseOrderAddenda, type OrderAddenda } from '../../../core/codesets/addenda';
import { parseOrderFile } from '../../../core/codesets/order-file';
import type { CodeListRelease, CodeRecord, ReleaseFile } from '../../../core/codesets/types';
import { rawFile } from '../raw-files';
import { formatError, thrown } from './expect-format-error';

const CM_ZIP = 'icd10cm/FY2026/cms_2026_dx.zip';
const ADDENDA_2027 = 'icd10cm/FY2027/icd10cm_order_addenda_2027.txt';
const ADDENDA_2026 = 'icd10cm/FY2026/icd10cm_order_addenda_2026.txt';
const NAME = 'icd10cm_order_addenda_2027.txt';

const ZIP_SOURCE = { name: 'cms_2026_dx.zip', member: 'icd10cm_order_2026.txt', sha256: '55a9124a27ca78a4a5c41e1101eda064ec2e08d105ff9e78d1fbd1a83298ef11', bytes: 2204985 };
const ADDENDA_SOURCE = { name: NAME, sha256: 'd64c57ef4534e4f90336decf27a34ba42979c31cd88f6ea923b5b5edd3da6384', bytes: 42495 };

let base: CodeListRelease;
let addenda: OrderAddenda;
let fy2027: CodeListRelease;
/** The 319 lines of the real FY2027 addenda, without line ends. */
let lines: string[];

beforeAll(async () => {
  const file = rawFile(ADDENDA_2027);
  lines = new TextDecoder().decode(file.bytes).split('\r\n');
  expect(lines.pop()).toBe('');
  [base, addenda] = await Promise.all([parseOrderFile(rawFile(CM_ZIP), 'icd10cm'), parseOrderAddenda(file)]);
  fy2027 = applyAddenda(base, addenda);
});

/** The real addenda with some lines edited (`edits` maps 1-based line numbers to new text, null drops the line). */
function edited(edits: Record<number, string | null>, keep = (_line: number) => true): ReleaseFile {
  const out: string[] = [];
  lines.forEach((text, i) => {
    const n = i + 1;
    if (!keep(n)) return;
    const edit = n in edits ? edits[n] : text;
    if (edit !== null) out.push(edit);
  });
  return { name: NAME, bytes: strToU8(out.map((l) => `${l}\r\n`).join('')) };
}

/** Replace the long title (column 85 on) of an addenda line. */
const withLongTitle = (text: string, title: string) => text.slice(0, 84) + title;
/** Replace the short title (columns 24-83) of an addenda line. */
const withShortTitle = (text: string, title: string) => text.slice(0, 23) + title.padEnd(60) + text.slice(83);

const recordOf = (release: CodeListRelease, code: string): CodeRecord | undefined => release.codes.find((c) => c.code === code);

describe('parseOrderAddenda on the FY2027 addenda', () => {
  it('reads the summary block: headers 23,467 -> 23,524, codes 74,719 -> 74,879', () => {
    expect(addenda.summary).toEqual({
      headers: { before: 23467, after: 23524, additions: 63, deletions: 6, revisions: 0 },
      codes: { before: 74719, after: 74879, additions: 190, deletions: 30, revisions: 4 },
    });
    expect(addenda.toFiscalYear).toBe(2027);
    expect(addenda.source).toEqual(ADDENDA_SOURCE);
  });

  it('reads every change line (297 lines: 253 adds, 36 deletes, 4 revisions of two lines each)', () => {
    const count = (action: string) => addenda.changes.filter((c) => c.action === action).length;
    expect(addenda.changes).toHaveLength(293);
    expect([count('add'), count('delete'), count('revise')]).toEqual([253, 36, 4]);
    expect(addenda.changes[0]).toEqual({ action: 'add', code: 'C7831', billable: true, shortTitle: 'Secondary malignant neoplasm of larynx', longTitle: 'Secondary malignant neoplasm of larynx', line: 1 });
    expect(addenda.changes.at(-1)).toMatchObject({ action: 'add', code: 'Z87893', line: 297 });
  });

  it('pairs "Revise from:" with "Revise to:" (lines 47-48: short and long titles differ)', () => {
    expect(addenda.changes.find((c) => c.code === 'L03322')).toEqual({
      action: 'revise',
      code: 'L03322',
      billable: true,
      shortTitle: 'Acute lymphangitis of back',
      longTitle: 'Acute lymphangitis of back [any part except buttock and flank]',
      previous: { shortTitle: 'Acute lymphangitis of back [any part except buttock]', longTitle: 'Acute lymphangitis of back [any part except buttock]' },
      line: 48,
    });
  });
});

describe('parseOrderAddenda on the FY2026 addenda', () => {
  it('reads its summary: codes 74,260 -> 74,719 (487 additions, 28 deletions, 38 revisions)', async () => {
    const a = await parseOrderAddenda(rawFile(ADDENDA_2026));
    expect(a.toFiscalYear).toBe(2026);
    expect(a.summary).toEqual({
      headers: { before: 23324, after: 23467, additions: 143, deletions: 0, revisions: 7 },
      codes: { before: 74260, after: 74719, additions: 487, deletions: 28, revisions: 38 },
    });
    expect(a.changes).toHaveLength(143 + 7 + 487 + 28 + 38);
    expect(a.source.sha256).toBe('19fc109e579aedd793a40a0a18295dd167b82205e10525573ddfe85138674f16');
    // It leads to FY2026, so it cannot be applied to FY2026 itself.
    const err = thrown(() => applyAddenda(base, a));
    expect(err.message).toBe('icd10cm_order_addenda_2026.txt: this addenda leads to FY2026; it must be applied to FY2025 ICD-10-CM, not icd10cm FY2026');
  });
});

describe('applyAddenda: FY2026 order file + FY2027 addenda', () => {
  it('gives 74,879 billable codes and 23,524 headers (98,403 rows)', () => {
    expect(fy2027.codes.filter((c) => c.billable)).toHaveLength(74879);
    expect(fy2027.codes.filter((c) => !c.billable)).toHaveLength(23524);
    expect(fy2027.codes).toHaveLength(98403);
    expect(new Set(fy2027.codes.map((c) => c.code)).size).toBe(98403);
  });

  it('describes FY2027 and where it came from', () => {
    expect(fy2027.meta).toEqual({
      system: 'icd10cm',
      content: 'codes',
      version: 'FY2027',
      effectiveFrom: '2026-10-01',
      effectiveTo: '2027-09-30',
      sources: [ZIP_SOURCE, ADDENDA_SOURCE],
      derivedFrom: 'ICD-10-CM FY2026 order file + FY2027 order addenda',
    });
  });

  it('leaves the FY2026 release untouched', () => {
    expect(base.codes).toHaveLength(98186);
    expect(base.meta.version).toBe('FY2026');
    expect(base.meta.sources).toEqual([ZIP_SOURCE]);
    expect(recordOf(base, 'Z87890')?.billable).toBe(true);
    expect(recordOf(base, 'Z2914')?.longTitle).toBe('Encounter for prophylactic rabies immune globin');
    expect(recordOf(base, 'C7831')).toBeUndefined();
  });

  it('revises the 4 titles exactly as lines 42-48 and 275-276 say', () => {
    expect(recordOf(fy2027, 'L02232')).toEqual({ code: 'L02232', billable: true, shortTitle: 'Carbuncle of back [any part, except buttock and flank]', longTitle: 'Carbuncle of back [any part, except buttock and flank]' });
    expect(recordOf(fy2027, 'L03312')).toEqual({ code: 'L03312', billable: true, shortTitle: 'Cellulitis of back [any part except buttock and flank]', longTitle: 'Cellulitis of back [any part except buttock and flank]' });
    expect(recordOf(fy2027, 'L03322')).toEqual({ code: 'L03322', billable: true, shortTitle: 'Acute lymphangitis of back', longTitle: 'Acute lymphangitis of back [any part except buttock and flank]' });
    expect(recordOf(fy2027, 'Z2914')).toEqual({ code: 'Z2914', billable: true, shortTitle: 'Encounter for prophylactic rabies immune globulin', longTitle: 'Encounter for prophylactic rabies immune globulin' });
  });

  it('adds new codes with their titles', () => {
    expect(recordOf(fy2027, 'C7831')).toEqual({ code: 'C7831', billable: true, shortTitle: 'Secondary malignant neoplasm of larynx', longTitle: 'Secondary malignant neoplasm of larynx' });
    expect(recordOf(fy2027, 'Z878901')).toEqual({ code: 'Z878901', billable: true, shortTitle: 'Personal history of social gender transition', longTitle: 'Personal history of social gender transition' });
    expect(recordOf(fy2027, 'Z7732')).toEqual({
      code: 'Z7732',
      billable: true,
      shortTitle: 'Contact with and exposure to burn pits in war theater',
      longTitle: 'Contact with and (suspected) exposure to burn pits in war theater',
    });
  });

  it('removes deleted codes (T52.8X1A, line 226, is not re-added)', () => {
    expect(recordOf(base, 'T528X1A')).toBeDefined();
    expect(recordOf(fy2027, 'T528X1A')).toBeUndefined();
    expect(recordOf(fy2027, 'T528X')).toBeUndefined();
    expect(fy2027.codes.some((c) => c.code.startsWith('T528X'))).toBe(false);
  });

  it('turns a code that gained subcodes into a header (Z87.890, D69.1)', () => {
    expect(recordOf(fy2027, 'Z87890')).toEqual({ code: 'Z87890', billable: false, shortTitle: 'Personal history of sex reassignment', longTitle: 'Personal history of sex reassignment' });
    expect(recordOf(fy2027, 'D691')?.billable).toBe(false);
    expect(recordOf(fy2027, 'D6911')?.billable).toBe(true);
  });

  it('places added codes in tabular order after their parent', () => {
    const from = (code: string, n: number) => {
      const i = fy2027.codes.findIndex((c) => c.code === code);
      return fy2027.codes.slice(i, i + n).map((c) => c.code);
    };
    expect(from('C783', 6)).toEqual(['C783', 'C7830', 'C7831', 'C7832', 'C7839', 'C784']);
    expect(from('Z8789', 10)).toEqual(['Z8789', 'Z87890', 'Z878901', 'Z878902', 'Z878903', 'Z878904', 'Z878909', 'Z87891', 'Z87892', 'Z87893']);
    // T52.8X was deleted and replaced by T52.81-T52.89 under T52.8.
    expect(from('T528', 6)).toEqual(['T528', 'T5281', 'T52811', 'T52811A', 'T52811D', 'T52811S']);
    const t5289 = fy2027.codes.findIndex((c) => c.code === 'T52894S');
    expect(fy2027.codes[t5289 + 1].code).toBe('T529');
  });
});

describe('applyAddenda refuses what would build a wrong release', () => {
  it('refuses a base that is not FY2026 ICD-10-CM', () => {
    const relabeled = { ...base, meta: { ...base.meta, version: 'FY2025' } };
    const err = thrown(() => applyAddenda(relabeled, addenda));
    expect(err.location).toEqual({ file: NAME });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt: this addenda leads to FY2027; it must be applied to FY2026 ICD-10-CM, not icd10cm FY2025');
    const pcs = { ...base, meta: { ...base.meta, system: 'icd10pcs' as const } };
    expect(thrown(() => applyAddenda(pcs, addenda)).message).toMatch(/must be applied to FY2026 ICD-10-CM, not icd10pcs FY2026$/);
  });

  it('refuses a "Revise from:" long title that does not match the base', async () => {
    const a = await parseOrderAddenda(edited({ 42: withLongTitle(lines[41], 'Carbuncle of back [any part]') }));
    const err = thrown(() => applyAddenda(base, a));
    expect(err.location).toEqual({ file: NAME, line: 43, field: 'L02232' });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 43, field L02232: revises L02232 from "Carbuncle of back [any part]", but FY2026 has "Carbuncle of back [any part, except buttock]"');
  });

  it('refuses a "Revise from:" short title that does not match the base', async () => {
    const a = await parseOrderAddenda(edited({ 42: withShortTitle(lines[41], 'Carbuncle of back') }));
    const err = thrown(() => applyAddenda(base, a));
    expect(err.location).toEqual({ file: NAME, line: 43, field: 'L02232' });
    expect(err.message).toBe(
      'icd10cm_order_addenda_2027.txt, line 43, field L02232: revises L02232\'s short title from "Carbuncle of back", but FY2026 has "Carbuncle of back [any part, except buttock]"',
    );
  });

  it('refuses a Delete of a code the base does not have', async () => {
    // Line 4 deletes D69.1; D69.10 does not exist in FY2026.
    const a = await parseOrderAddenda(edited({ 4: lines[3].replace('1 D691   ', '1 D6910  ') }));
    const err = thrown(() => applyAddenda(base, a));
    expect(err.location).toEqual({ file: NAME, line: 4, field: 'D6910' });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 4, field D6910: deletes D6910, which FY2026 does not have');
  });

  it('refuses a Delete whose billable flag disagrees with the base', async () => {
    const a = await parseOrderAddenda(edited({ 4: lines[3].replace('Delete:      1 D691', 'Delete:      0 D691') }));
    const err = thrown(() => applyAddenda(base, a));
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 4, field D691: deletes D691 as a header, but FY2026 has it as billable');
  });

  it('refuses an Add of a code the base already has', async () => {
    const a = await parseOrderAddenda(edited({ 1: lines[0].replace('C7831  ', 'C7830  ') }));
    expect(thrown(() => applyAddenda(base, a)).message).toBe('icd10cm_order_addenda_2027.txt, line 1, field C7830: adds C7830, which is already there');
  });

  it('refuses an addenda whose summary disagrees with its changes', async () => {
    const additions = lines.indexOf('    190 additions');
    const wrongAdditions = await parseOrderAddenda(edited({ [additions + 1]: '    191 additions' }));
    const err = thrown(() => applyAddenda(base, wrongAdditions));
    expect(err.location).toEqual({ file: NAME, element: 'summary codes' });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, element <summary codes>: applying the addenda gave 190 codes additions, but its summary says 191');
    // A change line lost from the middle (line 226, Delete T52.8X1A): the counts no longer add up.
    const lost = await parseOrderAddenda(edited({ 226: null }));
    expect(thrown(() => applyAddenda(base, lost)).message).toBe('icd10cm_order_addenda_2027.txt, element <summary codes>: applying the addenda gave 74880 codes in all, but its summary says 74879');
  });
});

describe('parseOrderAddenda on damaged addenda', () => {
  it('refuses a truncated addenda without its summary', async () => {
    const err = await formatError(parseOrderAddenda(edited({}, (n) => n <= 150)));
    expect(err.location).toEqual({ file: NAME, line: 150 });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 150: the summary block (Headers / Codes counts) is missing; the file may be truncated');
  });

  it('refuses an addenda cut inside a line', async () => {
    const whole = edited({}).bytes;
    // Cut inside the long title of line 151.
    const at = lines.slice(0, 150).reduce((n, l) => n + l.length + 2, 0) + 100;
    const err = await formatError(parseOrderAddenda({ name: NAME, bytes: whole.subarray(0, at) }));
    expect(err.location).toEqual({ file: NAME, line: 151 });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 151: the file ends in the middle of this line: it is truncated');
  });

  it('refuses a summary cut short', async () => {
    const codes = lines.indexOf('Codes');
    const err = await formatError(parseOrderAddenda(edited({}, (n) => n <= codes + 2)));
    expect(err.message).toMatch(/^icd10cm_order_addenda_2027\.txt, line 299, element <summary Codes>: the summary block has no complete "Codes" counts$/);
  });

  it('refuses a "Revise to:" without its "Revise from:"', async () => {
    const err = await formatError(parseOrderAddenda(edited({ 42: null })));
    // Line 43 of the real file is line 42 once line 42 is gone.
    expect(err.location).toEqual({ file: NAME, line: 42 });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 42: "Revise to:" for L02232 has no matching "Revise from:" line before it');
  });

  it('refuses a "Revise from:" without its "Revise to:"', async () => {
    const err = await formatError(parseOrderAddenda(edited({ 43: null })));
    expect(err.location).toEqual({ file: NAME, line: 42 });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 42: "Revise from:" for L02232 has no "Revise to:" line after it');
  });

  it('refuses a "Revise from:" that is the last change before the summary', async () => {
    // Lines 276-297 lost: the file ends its changes on "Revise from: 1 Z2914" (line 275).
    const err = await formatError(parseOrderAddenda(edited({}, (n) => n <= 275 || n >= 298)));
    expect(err.location).toEqual({ file: NAME, line: 275 });
    expect(err.message).toBe('icd10cm_order_addenda_2027.txt, line 275: "Revise from:" for Z2914 has no "Revise to:" line after it');
  });

  it('names the line and field of a bad action, flag or code', async () => {
    const action = await formatError(parseOrderAddenda(edited({ 10: lines[9].replace('Add:    ', 'Change: ') })));
    expect(action.location).toEqual({ file: NAME, line: 10, field: 'action (cols 1-13)' });
    const flag = await formatError(parseOrderAddenda(edited({ 10: `${lines[9].slice(0, 13)}2${lines[9].slice(14)}` })));
    expect(flag.message).toBe('icd10cm_order_addenda_2027.txt, line 10, field billable flag (col 14): expected 0 or 1, found "2"');
    const shifted = await formatError(parseOrderAddenda(edited({ 10: `${lines[9].slice(0, 15)} ${lines[9].slice(15)}` })));
    expect(shifted.location).toEqual({ file: NAME, line: 10, field: 'code (cols 16-22)' });
  });
});
