/**
 * Keeps the lookup development query set (test/fixtures/lookup/dev-queries.json) honest: every
 * expected code must exist in the official release of its system (ICD-10-CM FY2026 and
 * ICD-10-PCS FY2026 order files, HCPCS Level II 2025-10 and active on 2025-10-01), the best
 * answer must be billable (except for code-prefix queries, which may expect a header), and the
 * set must keep its size, its mix of query kinds and its coverage of all 22 ICD-10-CM chapters.
 *
 * This checks the answers, not a search engine: the set was written blind, as coders type.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHcpcsXlsx } from '../../../core/codesets/hcpcs-xlsx';
import { parseOrderFile } from '../../../core/codesets/order-file';
import type { CodeRecord } from '../../../core/codesets/types';
import { rawFile } from '../raw-files';

type System = 'icd10cm' | 'icd10pcs' | 'hcpcs';
type Kind = 'clinical' | 'lay' | 'abbreviation' | 'typo' | 'typo-first-letters' | 'partial' | 'code' | 'eponym' | 'hcpcs' | 'pcs';

interface DevQuery {
  query: string;
  expected: string[];
  system: System;
  kind: Kind;
  chapter?: number;
  note?: string;
}

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/lookup/dev-queries.json');
const queries = JSON.parse(readFileSync(FIXTURE, 'utf8')) as DevQuery[];

const SYSTEMS: readonly System[] = ['icd10cm', 'icd10pcs', 'hcpcs'];
const KIND_MINIMUMS: Record<Kind, number> = {
  clinical: 0,
  lay: 20,
  abbreviation: 25,
  typo: 20,
  'typo-first-letters': 12,
  partial: 20,
  code: 20,
  eponym: 15,
  hcpcs: 25,
  pcs: 5,
};
/** Code queries the set must always hold (as typed: dots, case). */
const REQUIRED_CODE_QUERIES = ['E11.9', 'e119', 'E11', 'j45.9', 'A4253', '0DTJ4ZZ', 'S52.501A', 'm48.40xa'];
/** HCPCS codes must be valid on this date of service (TERM DT is the last valid day). */
const HCPCS_ON = '2025-10-01';

/**
 * ICD-10-CM chapters by the first three characters of a code, as [first, last] category.
 * Plain string order works: digits sort before letters, so O9A follows O99 and QA0 follows Q99.
 */
const CHAPTERS: ReadonlyArray<[number, string, string]> = [
  [1, 'A00', 'B99'],
  [2, 'C00', 'D49'],
  [3, 'D50', 'D89'],
  [4, 'E00', 'E89'],
  [5, 'F01', 'F99'],
  [6, 'G00', 'G99'],
  [7, 'H00', 'H59'],
  [8, 'H60', 'H95'],
  [9, 'I00', 'I99'],
  [10, 'J00', 'J99'],
  [11, 'K00', 'K95'],
  [12, 'L00', 'L99'],
  [13, 'M00', 'M99'],
  [14, 'N00', 'N99'],
  [15, 'O00', 'O9A'],
  [16, 'P00', 'P96'],
  [17, 'Q00', 'QA0'],
  [18, 'R00', 'R99'],
  [19, 'S00', 'T88'],
  [20, 'V00', 'Y99'],
  [21, 'Z00', 'Z99'],
  [22, 'U00', 'U85'],
];

function chapterOf(code: string): number | undefined {
  const category = code.slice(0, 3);
  return CHAPTERS.find(([, first, last]) => category >= first && category <= last)?.[0];
}

const label = (q: DevQuery) => `${q.kind} "${q.query}" -> ${q.expected.join(', ')}`;

describe('lookup dev query set: shape', () => {
  it('has at least 220 queries, each typed once', () => {
    expect(queries.length).toBeGreaterThanOrEqual(220);
    const seen = new Map<string, number>();
    for (const q of queries) seen.set(q.query.trim().toLowerCase(), (seen.get(q.query.trim().toLowerCase()) ?? 0) + 1);
    expect([...seen].filter(([, n]) => n > 1).map(([text]) => text)).toEqual([]);
  });

  it('meets the minimum count of every kind', () => {
    const counts = new Map<string, number>();
    for (const q of queries) counts.set(q.kind, (counts.get(q.kind) ?? 0) + 1);
    expect([...counts.keys()].filter((k) => !(k in KIND_MINIMUMS))).toEqual([]);
    for (const [kind, min] of Object.entries(KIND_MINIMUMS)) {
      expect(counts.get(kind) ?? 0, `kind ${kind}`).toBeGreaterThanOrEqual(min);
    }
  });

  it('holds the required code queries', () => {
    const codeQueries = new Set(queries.filter((q) => q.kind === 'code').map((q) => q.query));
    expect(REQUIRED_CODE_QUERIES.filter((text) => !codeQueries.has(text))).toEqual([]);
  });

  it('covers all 22 ICD-10-CM chapters with at least 3 queries each', () => {
    const perChapter = new Map<number, number>();
    for (const q of queries) if (q.system === 'icd10cm') perChapter.set(q.chapter!, (perChapter.get(q.chapter!) ?? 0) + 1);
    for (let chapter = 1; chapter <= 22; chapter++) {
      expect(perChapter.get(chapter) ?? 0, `chapter ${chapter}`).toBeGreaterThanOrEqual(3);
    }
  });

  it.each(queries.map((q) => [label(q), q] as const))('well formed: %s', (_name, q) => {
    expect(q.query.trim()).not.toBe('');
    expect(SYSTEMS).toContain(q.system);
    expect(Object.keys(KIND_MINIMUMS)).toContain(q.kind);
    expect(q.expected.length).toBeGreaterThan(0);
    for (const code of q.expected) expect(code).toMatch(/^[0-9A-Z]{3,7}$/);
    expect(new Set(q.expected).size).toBe(q.expected.length);
    if (q.kind === 'hcpcs') expect(q.system).toBe('hcpcs');
    if (q.kind === 'pcs') expect(q.system).toBe('icd10pcs');
    if (q.system === 'icd10cm') {
      expect(q.chapter).toBe(chapterOf(q.expected[0]));
    } else {
      expect(q.chapter).toBeUndefined();
    }
  });
});

describe('lookup dev query set: every expected code is in the official release', () => {
  const releases = new Map<System, Map<string, CodeRecord>>();

  beforeAll(async () => {
    const [cm, pcs, hcpcs] = await Promise.all([
      parseOrderFile(rawFile('icd10cm/FY2026/cms_2026_dx.zip'), 'icd10cm'),
      parseOrderFile(rawFile('icd10pcs/FY2026/cms_2026_pr.zip'), 'icd10pcs'),
      parseHcpcsXlsx(rawFile('hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx')),
    ]);
    releases.set('icd10cm', new Map(cm.codes.map((c) => [c.code, c])));
    releases.set('icd10pcs', new Map(pcs.codes.map((c) => [c.code, c])));
    releases.set('hcpcs', new Map(hcpcs.codes.map((c) => [c.code, c])));
  });

  it.each(queries.map((q) => [label(q), q] as const))('%s', (_name, q) => {
    const codes = releases.get(q.system)!;
    q.expected.forEach((code, i) => {
      const record = codes.get(code);
      expect(record, `${code} is not in the ${q.system} release`).toBeDefined();
      if (q.system === 'hcpcs') {
        expect(record!.kind, `${code} is a modifier, not a code`).toBe('code');
        expect(record!.addedOn === undefined || record!.addedOn <= HCPCS_ON, `${code} is not yet in effect on ${HCPCS_ON}`).toBe(true);
        expect(record!.terminatedOn === undefined || record!.terminatedOn >= HCPCS_ON, `${code} is terminated (${record!.terminatedOn})`).toBe(true);
      }
      if (i === 0 && q.kind !== 'code') expect(record!.billable, `${code} is a header, not billable`).toBe(true);
    });
  });
});
