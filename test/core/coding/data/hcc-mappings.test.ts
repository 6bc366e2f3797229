/**
 * CMS-HCC V28 from the "2026 Initial ICD-10-CM Mappings" CSV, checked against SOURCES.md (8,183
 * code -> V28 pairs) and rows read by hand, and damaged copies of the file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../core/codesets/checksum';
import type { ReleaseFile } from '../../../../core/codesets/types';
import { countV28Pairs, hccMappings, parseHccMappings, type HccData } from '../../../../core/coding/data/hcc-mappings';
import { formatError } from '../../codesets/expect-format-error';
import { rawFile } from '../../raw-files';

const NAME = '2026 Initial ICD-10-CM Mappings.csv';
const V28_FIELD = 'CMS-HCC Model Category V28 (column G)';

let file: ReleaseFile;
let data: HccData;
let text: string;
/** The real file with its text changed (it is ASCII). */
const changed = (change: (text: string) => string, name = NAME): ReleaseFile => ({ name, bytes: new TextEncoder().encode(change(text)) });
/** 1-based line of the first line that starts with `prefix`. */
const lineStarting = (prefix: string) => text.split('\n').findIndex((l) => l.startsWith(prefix)) + 1;

beforeAll(async () => {
  file = rawFile(`hcc/PY2026-initial/${NAME}`);
  text = new TextDecoder().decode(file.bytes);
  const t0 = performance.now();
  data = await parseHccMappings(file);
  console.info(`HCC mappings parsed in ${(performance.now() - t0).toFixed(0)} ms`);
});

describe('parseHccMappings on the CMS 2026 initial file', () => {
  it('finds the 8,183 code -> V28 pairs of SOURCES.md', () => {
    expect(countV28Pairs(data)).toBe(8_183);
    // 280 codes map to two V28 HCCs (the file repeats them on a second row).
    expect(Object.keys(data.v28)).toHaveLength(7_903);
    expect(Object.values(data.v28).filter((h) => h.length === 2)).toHaveLength(280);
  });

  it('keeps rows read by hand', () => {
    // A01.03 has HCCs in the older models but none in V28; A01.04 maps to V28 HCC 92.
    expect(data.v28.A0103).toBeUndefined();
    expect(data.v28.A0104).toEqual([92]);
    expect(data.v28.A021).toEqual([2]);
    // Z94.3 is on two rows: V28 276 (the "--" repeat row) and 221.
    expect(data.v28.Z943).toEqual([276, 221]);
    // Z94.0 has only an RxHCC; Z99.2 none in V28, the last data row.
    expect(data.v28.Z940).toBeUndefined();
    expect(data.v28.Z992).toBeUndefined();
    expect(data.v28.Z9912).toEqual([211]);
  });

  it('records the release and the file checksum', async () => {
    expect(data.meta).toEqual({
      system: 'icd10cm',
      content: 'hcc',
      version: 'V28 (2026 initial)',
      effectiveFrom: '2026-01-01',
      effectiveTo: null,
      sources: [{ name: NAME, sha256: await sha256Hex(file.bytes), bytes: 1_369_596 }],
    });
    expect(data.meta.sources[0].sha256).toBe('e6653cdf14fe4f93fc662fd577423312e24bd1e0a1e74c9fbb7eb2a28361e433');
  });

  it('answers V28 HCCs for a code with or without its dot', () => {
    const hcc = hccMappings(data);
    expect(hcc.v28('A01.04')).toEqual([92]);
    expect(hcc.v28('z943')).toEqual([276, 221]);
    expect(hcc.v28('A01.03')).toEqual([]);
    expect(hcc.v28('E11.9')).toEqual([38]);
    expect(hcc.v28('J06.9')).toEqual([]);
  });
});

describe('parseHccMappings on damaged files', () => {
  it('refuses an empty file', async () => {
    const err = await formatError(parseHccMappings({ name: NAME, bytes: new Uint8Array() }));
    expect(err.message).toBe(`${NAME}: the file is empty; expected CMS's ICD-10-CM to HCC mappings (.csv)`);
  });

  it('names the header line when the V28 column is missing (found by its header, not its position)', async () => {
    const err = await formatError(parseHccMappings(changed((t) => t.replace('"CMS-HCC\nModel\nCategory\nV28"', '"CMS-HCC\nModel\nCategory\nV29"'))));
    expect(err.location).toEqual({ file: NAME, line: 4, field: 'CMS-HCC Model Category V28' });
  });

  it('reads the V28 column wherever it is', async () => {
    // Swap the V24 and V28 columns in every row: the answers stay the same.
    const swapped = text
      .split('\n')
      .map((line) => {
        if (!/^[A-Z][0-9A-Z]{2,6},/.test(line) || line.includes('"')) return line;
        const cells = line.split(',');
        [cells[5], cells[6]] = [cells[6], cells[5]];
        return cells.join(',');
      })
      .join('\n')
      .replace(/"CMS-HCC\nModel\nCategory\nV24","CMS-HCC\nModel\nCategory\nV28"/, '"CMS-HCC\nModel\nCategory\nV28","CMS-HCC\nModel\nCategory\nV24"');
    const moved = await parseHccMappings({ name: NAME, bytes: new TextEncoder().encode(swapped) });
    expect(moved.v28.A0104).toEqual([92]);
    expect(moved.v28.Z9912).toEqual([211]);
  });

  it('names line and column of a V28 category that is not a number', async () => {
    const err = await formatError(parseHccMappings(changed((t) => t.replace('A0104,Typhoid arthritis,39,39,39,39,92,', 'A0104,Typhoid arthritis,39,39,39,39,9x,'))));
    expect(err.location).toEqual({ file: NAME, line: lineStarting('A0104'), field: V28_FIELD });
    expect(err.message).toContain('V28 category "9x" for A0104 is not an HCC number');
  });

  it('reads a copy with CRLF line ends the same, naming the same lines', async () => {
    expect(countV28Pairs(await parseHccMappings(changed((t) => t.replace(/\n/g, '\r\n'))))).toBe(8_183);
    const err = await formatError(parseHccMappings(changed((t) => t.replace(/\n/g, '\r\n').replace('A0104,Typhoid arthritis,39,39,39,39,92,', 'A0104,Typhoid arthritis,39,39,39,39,9x,'))));
    expect(err.location).toEqual({ file: NAME, line: lineStarting('A0104'), field: V28_FIELD });
  });

  it('names the line of a damaged code', async () => {
    const err = await formatError(parseHccMappings(changed((t) => t.replace('A021,Salmonella sepsis', 'A02.1,Salmonella sepsis'))));
    expect(err.location).toEqual({ file: NAME, line: lineStarting('A021,'), field: 'Diagnosis Code (column A)' });
  });

  it('refuses a file cut after a whole row (no notes follow the data)', async () => {
    const lines = text.split('\n');
    const cutAt = lineStarting('M0000');
    const err = await formatError(parseHccMappings(changed(() => `${lines.slice(0, cutAt).join('\n')}\n`)));
    expect(err.location).toEqual({ file: NAME, line: cutAt });
    expect(err.message).toContain('truncated');
  });

  it('refuses a file whose name gives no payment year', async () => {
    const err = await formatError(parseHccMappings({ name: 'mappings.csv', bytes: file.bytes }));
    expect(err.message).toContain('cannot tell the payment year from the file name');
  });
});
