import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCptFile } from '../../../core/codesets/cpt-file';
import { sha256Hex } from '../../../core/codesets/checksum';
import type { ReleaseFile } from '../../../core/codesets/types';
import { formatError } from './expect-format-error';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/cpt-synthetic-2026.txt');
const fixture = (): ReleaseFile => ({ name: basename(FIXTURE), bytes: new Uint8Array(readFileSync(FIXTURE)) });
const textFile = (text: string, name = 'cpt_2026.txt'): ReleaseFile => ({ name, bytes: new TextEncoder().encode(text) });

describe('parseCptFile on the synthetic fixture', () => {
  it('parses every line, taking the year from the file name', async () => {
    const file = fixture();
    const rel = await parseCptFile(file);
    expect(rel.codes).toHaveLength(43);
    expect(rel.meta).toEqual({
      system: 'cpt',
      content: 'codes',
      version: '2026',
      effectiveFrom: '2026-01-01',
      effectiveTo: '2026-12-31',
      sources: [{ name: 'cpt-synthetic-2026.txt', sha256: await sha256Hex(file.bytes), bytes: file.bytes.length }],
    });
    expect(rel.codes.every((c) => c.billable && c.longTitle.startsWith('SYNTHETIC ') && c.longTitle.endsWith('(test fixture, not AMA text)'))).toBe(true);
    const codes = rel.codes.map((c) => c.code);
    expect(codes).toEqual(expect.arrayContaining(['99202', '99205', '99211', '99215', '3074F', '0042T', '0001U']));
    expect(rel.codes.find((c) => c.code === '99213')).toEqual({
      code: '99213',
      billable: true,
      shortTitle: 'SYNTHETIC return-patient office visit, tier 3 (test fixture,',
      longTitle: 'SYNTHETIC return-patient office visit, tier 3 (test fixture, not AMA text)',
    });
    expect(rel.codes.every((c) => c.shortTitle.length <= 60)).toBe(true);
  });

  it('takes version and dates from options', async () => {
    const rel = await parseCptFile(fixture(), { version: '2025', effectiveTo: null });
    expect(rel.meta).toMatchObject({ version: '2025', effectiveFrom: '2025-01-01', effectiveTo: null });
  });
});

describe('parseCptFile input variants', () => {
  it('accepts a BOM, CRLF, no header, blank lines, trailing tabs and quoted fields', async () => {
    const rel = await parseCptFile(textFile('\uFEFF99213\tSYNTHETIC visit\t\t\r\n\r\n0591T\t"SYNTHETIC ""quoted"", with comma"\r\n'));
    expect(rel.codes).toEqual([
      { code: '99213', billable: true, shortTitle: 'SYNTHETIC visit', longTitle: 'SYNTHETIC visit' },
      { code: '0591T', billable: true, shortTitle: 'SYNTHETIC "quoted", with comma', longTitle: 'SYNTHETIC "quoted", with comma' },
    ]);
  });

  it('reads the three-column layout code, short, long', async () => {
    const rel = await parseCptFile(textFile('CPT Code\tShort\tLong\n99214\tSYN visit 4\tSYNTHETIC return visit tier 4\n'));
    expect(rel.codes).toEqual([{ code: '99214', billable: true, shortTitle: 'SYN visit 4', longTitle: 'SYNTHETIC return visit tier 4' }]);
  });
});

describe('parseCptFile errors', () => {
  it('needs a version when the file name has no single year', async () => {
    const none = await formatError(parseCptFile(textFile('99213\tSYNTHETIC\n', 'cpt.txt')));
    expect(none.message).toBe("cpt.txt: no CPT year in the file name; pass opts.version, e.g. '2026'");
    const two = await formatError(parseCptFile(textFile('99213\tSYNTHETIC\n', 'cpt_2025_to_2026.txt')));
    expect(two.message).toMatch(/several years \(2025, 2026\)/);
    await expect(parseCptFile(textFile('99213\tSYNTHETIC\n', 'cpt.txt'), { version: '2026' })).resolves.toBeDefined();
  });

  it('rejects a line without a tab', async () => {
    const err = await formatError(parseCptFile(textFile('Code\tDescription\n99213\tSYNTHETIC\n99214 SYNTHETIC spaces not tab\n')));
    expect(err.location).toEqual({ file: 'cpt_2026.txt', line: 3 });
    expect(err.message).toBe("cpt_2026.txt, line 3: no tab between code and description in '99214 SYNTHETIC spaces not tab'; expected code<TAB>description");
  });

  it('rejects a malformed code, naming line and value', async () => {
    const err = await formatError(parseCptFile(textFile('99213\tSYNTHETIC\n9921\tSYNTHETIC short code\n')));
    expect(err.message).toBe("cpt_2026.txt, line 2, field code: '9921' is not a CPT code (five digits, or four digits + F, T or U)");
    const letter = await formatError(parseCptFile(textFile('99213\tSYNTHETIC\n\n0042X\tSYNTHETIC\n')));
    expect(letter.message).toMatch(/^cpt_2026\.txt, line 3, field code: '0042X' is not a CPT code/);
    const hcpcs = await formatError(parseCptFile(textFile('G0439\tSYNTHETIC level II\n')));
    expect(hcpcs.location).toEqual({ file: 'cpt_2026.txt', line: 1, field: 'code' });
  });

  it('rejects an empty description', async () => {
    const err = await formatError(parseCptFile(textFile('99213\tSYNTHETIC\n99214\t   \n')));
    expect(err.message).toBe('cpt_2026.txt, line 2, field description: 99214 has an empty description');
  });

  it('rejects a duplicate code, naming both lines', async () => {
    const err = await formatError(parseCptFile(textFile('Code\tDescription\n99213\tSYNTHETIC a\n99214\tSYNTHETIC b\n99213\tSYNTHETIC c\n')));
    expect(err.message).toBe('cpt_2026.txt, line 4, field code: 99213 appears twice, on lines 2 and 4');
  });

  it('rejects lines whose column count differs from the file', async () => {
    const err = await formatError(parseCptFile(textFile('99213\tSYNTHETIC\n99214\tSYN\tSYNTHETIC long\n')));
    expect(err.message).toBe('cpt_2026.txt, line 2: 3 fields, but the file has 2 from line 1 on');
    const many = await formatError(parseCptFile(textFile('99213\ta\tb\tc\n')));
    expect(many.location).toEqual({ file: 'cpt_2026.txt', line: 1 });
  });

  it('rejects an empty file and a file with only a header', async () => {
    expect((await formatError(parseCptFile(textFile('')))).message).toBe('cpt_2026.txt: the file is empty');
    expect((await formatError(parseCptFile(textFile('Code\tDescription\n\n')))).message).toBe(
      'cpt_2026.txt: the file has no CPT codes; expected lines of code<TAB>description',
    );
  });

  it('rejects binary, non-UTF-8 and UTF-16 content', async () => {
    const zip = await formatError(parseCptFile({ name: 'cpt_2026.zip', bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00]) }));
    expect(zip.message).toBe('cpt_2026.zip, line 1: binary content (NUL byte); expected tab-delimited UTF-8 text');
    // Windows-1252 registered sign (0xAE) on line 2.
    const latin = new Uint8Array([...new TextEncoder().encode('99213\tSYNTHETIC a\n99214\tSYNTHETIC b'), 0xae, 0x0a]);
    const cp1252 = await formatError(parseCptFile({ name: 'cpt_2026.txt', bytes: latin }));
    expect(cp1252.location).toEqual({ file: 'cpt_2026.txt', line: 2 });
    expect(cp1252.message).toMatch(/not valid UTF-8 text/);
    const utf16 = await formatError(parseCptFile({ name: 'cpt_2026.txt', bytes: new Uint8Array([0xff, 0xfe, 0x39, 0x00, 0x39, 0x00]) }));
    expect(utf16.message).toBe('cpt_2026.txt, line 1: the file is UTF-16 text; save it as UTF-8 (tab-delimited) and import again');
  });
});
