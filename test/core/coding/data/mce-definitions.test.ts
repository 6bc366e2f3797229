/**
 * The Medicare Code Editor lists from CMS's v43.1 definitions (April 2026), checked against the
 * counts in SOURCES.md and rows read by hand, and damaged copies of the same file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../../core/codesets/checksum';
import type { ReleaseFile } from '../../../../core/codesets/types';
import { mceDefinitions, parseMceDefinitions, type MceData } from '../../../../core/coding/data/mce-definitions';
import { formatError } from '../../codesets/expect-format-error';
import { rawFile } from '../../raw-files';

const REAL = 'mce/FY2026-v43.1/Definitions of Medicare Code Edits_v_43_1.txt';
const NAME = 'Definitions of Medicare Code Edits_v_43_1.txt';

let file: ReleaseFile;
let data: MceData;
let parseMs = 0;
/** The real file's lines, one character per byte, so a damaged copy keeps every other byte. */
let lines: string[];

/** A damaged copy: the real lines, changed, written back byte for byte. */
const edited = (change: (lines: string[]) => string[]): ReleaseFile => ({ name: NAME, bytes: new Uint8Array(Buffer.from(change([...lines]).join('\n'), 'latin1')) });
/** 1-based line of the first line equal to `text` after line `after`. */
const lineOf = (text: string, after = 0) => lines.findIndex((l, i) => i >= after && l === text) + 1;

beforeAll(async () => {
  file = rawFile(REAL);
  lines = Buffer.from(file.bytes).toString('latin1').split('\n');
  const t0 = performance.now();
  data = await parseMceDefinitions(file);
  parseMs = performance.now() - t0;
  console.info(`MCE v43.1 definitions parsed in ${parseMs.toFixed(0)} ms`);
});

describe('parseMceDefinitions on the CMS v43.1 file', () => {
  it('reads every list with the counts SOURCES.md gives', () => {
    expect(data.ageLists.newborn.codes).toHaveLength(42);
    expect(data.ageLists.pediatric.codes).toHaveLength(125);
    expect(data.ageLists.maternity.codes).toHaveLength(2_543);
    expect(data.ageLists.adult.codes).toHaveLength(856);
    expect(data.manifestation).toHaveLength(422);
    expect(data.unacceptablePrincipal).toHaveLength(2_652);
  });

  it('takes the ages from the headings and, for 4A, from the edit description', () => {
    expect(data.ageLists.newborn).toMatchObject({ minAge: 0, maxAge: 0 });
    expect(data.ageLists.pediatric).toMatchObject({ minAge: 0, maxAge: 17 });
    expect(data.ageLists.maternity).toMatchObject({ minAge: 9, maxAge: 64 });
    expect(data.ageLists.adult).toMatchObject({ minAge: 15, maxAge: 124 });
  });

  it('keeps the first and last rows of each list as printed, without dots', () => {
    expect(data.ageLists.newborn.codes.slice(0, 3)).toEqual(['A33', 'E8411', 'H04531']);
    expect(data.ageLists.newborn.codes).toContain('Z00110');
    expect(data.manifestation.slice(0, 3)).toEqual(['D630', 'D631', 'D638']);
    // Edit 9's description shows Z51.89 on its own before the list starts with B95.0.
    expect(data.unacceptablePrincipal.slice(0, 3)).toEqual(['Z5189', 'B950', 'B951']);
    expect(data.unacceptablePrincipal.at(-1)).toBe('Z9989');
  });

  it('stops at Chapter 2: the codes removed from edit 9 in v43.1 are not on the list', () => {
    for (const removed of ['F0781', 'H40841', 'H40842', 'H40843', 'H40849']) expect(data.unacceptablePrincipal).not.toContain(removed);
  });

  it('marks Z51.89 as acceptable with a secondary diagnosis, and keeps it on edit 9 once', () => {
    expect(data.acceptableWithSecondary).toEqual(['Z5189']);
    expect(data.unacceptablePrincipal.filter((c) => c === 'Z5189')).toHaveLength(1);
  });

  it('records the version, the April 2026 effective date and the file checksum', async () => {
    expect(data.meta).toEqual({
      system: 'icd10cm',
      content: 'mce',
      version: 'v43.1',
      effectiveFrom: '2026-04-01',
      effectiveTo: null,
      sources: [{ name: NAME, sha256: await sha256Hex(file.bytes), bytes: 643_960 }],
    });
    expect(data.meta.sources[0].sha256).toBe('1a37fd3d80074afca8c6ef4f7201018951df6b59da32d37db5feffa9428dcde5');
  });
});

describe('mceDefinitions', () => {
  it('answers the edits with the list and ages of a code, with or without its dot', () => {
    const mce = mceDefinitions(data);
    expect(mce.ageList('A33')).toEqual({ list: 'newborn', minAge: 0, maxAge: 0 });
    expect(mce.ageList('z00.110')).toEqual({ list: 'newborn', minAge: 0, maxAge: 0 });
    expect(mce.ageList('E11.9')).toBeNull();
    expect(mce.isManifestation('D63.1')).toBe(true);
    expect(mce.isManifestation('N18.6')).toBe(false);
    expect(mce.isUnacceptablePrincipal('B95.0')).toBe(true);
    expect(mce.isUnacceptablePrincipal('F07.81')).toBe(false);
    expect(mce.acceptableWithSecondary('Z51.89')).toBe(true);
    expect(mce.acceptableWithSecondary('B95.0')).toBe(false);
  });

  it('puts every code of edit 4 on exactly one list', () => {
    const mce = mceDefinitions(data);
    for (const [list, { codes }] of Object.entries(data.ageLists)) for (const code of codes) expect(mce.ageList(code)?.list).toBe(list);
  });
});

describe('parseMceDefinitions on a copy with CRLF line ends', () => {
  it('reads the same lists', async () => {
    const crlf = await parseMceDefinitions(edited((l) => l.map((x) => `${x}\r`)));
    expect({ ...crlf, meta: undefined }).toEqual({ ...data, meta: undefined });
  });
});

describe('parseMceDefinitions on damaged files', () => {
  it('refuses an empty file', async () => {
    const err = await formatError(parseMceDefinitions({ name: NAME, bytes: new Uint8Array() }));
    expect(err.message).toBe(`${NAME}: the file is empty; expected CMS's Definitions of Medicare Code Edits (.txt)`);
  });

  it('refuses another text file (no title)', async () => {
    const err = await formatError(parseMceDefinitions(rawFile('icd10cm/FY2026/icd10cm_order_2026.txt')));
    expect(err.location).toEqual({ file: 'icd10cm_order_2026.txt', line: 1 });
  });

  it('refuses a file cut before edit 9, naming the last line', async () => {
    const heading = lineOf('9. Unacceptable principal diagnosis', 4000);
    const err = await formatError(parseMceDefinitions(edited((l) => l.slice(0, heading - 1))));
    // The line before the heading is blank; the error names the last line with text.
    expect(lines[heading - 2]).toBe('');
    expect(err.location).toEqual({ file: NAME, line: heading - 2 });
    expect(err.message).toContain('no edit 9 (unacceptable principal diagnosis) section');
  });

  it('refuses a file cut inside the edit 9 list', async () => {
    const err = await formatError(parseMceDefinitions(edited((l) => l.slice(0, 5_000))));
    expect(err.location).toEqual({ file: NAME, line: 5_000 });
    expect(err.message).toContain("ends inside edit 9's list");
  });

  it('names the line of a damaged code', async () => {
    const at = lineOf('D631\tAnemia in chronic kidney disease');
    const err = await formatError(parseMceDefinitions(edited((l) => l.map((x, i) => (i === at - 1 ? 'D63.1\tAnemia in chronic kidney disease' : x)))));
    expect(err.location).toEqual({ file: NAME, line: at, field: 'code' });
    expect(err.message).toContain('"D63.1" in edit 6 is not an ICD-10-CM diagnosis code');
  });

  it('refuses ages in a heading that contradict the edit description', async () => {
    const at = lineOf('B. Pediatric diagnoses (age 0 through 17)', 100);
    const err = await formatError(parseMceDefinitions(edited((l) => l.map((x, i) => (i === at - 1 ? 'B. Pediatric diagnoses (age 0 through 18)' : x)))));
    expect(err.location).toEqual({ file: NAME, line: at });
    expect(err.message).toContain('ages 0-18');
  });

  it('refuses a missing version line', async () => {
    const err = await formatError(parseMceDefinitions(edited((l) => l.map((x) => (x === 'v43.1 April 2026' ? 'April 2026' : x)))));
    expect(err.location).toEqual({ file: NAME, line: 2 });
    expect(err.message).toContain('no version line');
  });
});
