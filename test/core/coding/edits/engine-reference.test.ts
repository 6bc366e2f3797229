import { beforeAll, describe, expect, it } from 'vitest';
import { codingReference } from '../../../../core/coding/engine-reference';
import type { CodingReference } from '../../../../core/coding/reference';
import { loadCodingFixture, type CodingFixture } from '../reference-fixture';

/** `codingReference` answers from the installed releases: the one in effect on the date, never another year's. */
let fixture: CodingFixture;
let ref: CodingReference;
beforeAll(() => {
  fixture = loadCodingFixture();
  ref = fixture.codesOnly;
});

describe('codeOnDate', () => {
  it('a billable ICD-10-CM code is valid in the release in effect, typed with or without the dot', () => {
    const answer = ref.codeOnDate('icd10cm', 'E11.65', '2026-05-01');
    expect(answer).toMatchObject({ status: 'valid', title: 'Type 2 diabetes mellitus with hyperglycemia', release: { version: 'FY2026' } });
    expect(ref.codeOnDate('icd10cm', 'E1165', '2026-10-15')).toMatchObject({ status: 'valid', release: { version: 'FY2027' } });
  });

  it('a header is a header', () => {
    expect(ref.codeOnDate('icd10cm', 'E116', '2026-05-01')).toMatchObject({ status: 'header', release: { version: 'FY2026' } });
  });

  it('C78.31 before FY2027: not in effect, valid in FY2027', () => {
    const answer = ref.codeOnDate('icd10cm', 'C7831', '2026-09-15');
    expect(answer.status).toBe('not-in-effect');
    if (answer.status !== 'not-in-effect') return;
    expect(answer.release.version).toBe('FY2026');
    expect(answer.validIn.map((r) => r.version)).toEqual(['FY2027']);
    expect(answer.title).toBe('Secondary malignant neoplasm of larynx');
  });

  it('unknown codes and dates no release covers', () => {
    expect(ref.codeOnDate('icd10cm', 'E1199', '2026-05-01')).toMatchObject({ status: 'unknown', release: { version: 'FY2026' } });
    expect(ref.codeOnDate('icd10cm', 'E119', '2025-09-30')).toEqual({ status: 'no-release' });
    expect(ref.codeOnDate('icd10pcs', '0FT44ZZ', '2026-10-15')).toEqual({ status: 'no-release' });
    expect(ref.codeOnDate('cpt', '99213', '2026-05-01')).toEqual({ status: 'no-release' });
  });

  it('ICD-10-PCS codes and headers', () => {
    expect(ref.codeOnDate('icd10pcs', '0FT44ZZ', '2026-05-01')).toMatchObject({ status: 'valid', release: { version: 'FY2026' } });
    expect(ref.codeOnDate('icd10pcs', '0FT', '2026-05-01').status).toBe('header');
  });

  it('HCPCS: codes and modifiers by kind; ADD DT and TERM DT decide, not only the quarterly file in effect', () => {
    expect(ref.codeOnDate('hcpcs', 'G0008', '2026-05-01')).toMatchObject({ status: 'valid', kind: 'code' });
    expect(ref.codeOnDate('hcpcs', 'RT', '2026-05-01')).toMatchObject({ status: 'valid', kind: 'modifier' });
    expect(ref.codeOnDate('hcpcs', 'JG', '2026-05-01')).toMatchObject({ status: 'not-in-effect', terminatedOn: '2024-12-31', validIn: [] });
    expect(ref.codeOnDate('hcpcs', 'J2150', '2026-05-01')).toMatchObject({ status: 'not-in-effect', terminatedOn: '2025-09-30' });
    expect(ref.codeOnDate('hcpcs', 'U0003', '2026-05-01')).toMatchObject({ status: 'not-in-effect', terminatedOn: '2023-05-11' });
  });

  it('without the HCPCS dates a code the file marks not billable is still taken as terminated', () => {
    const bare = codingReference({ engine: fixture.engine });
    expect(bare.codeOnDate('hcpcs', 'J2150', '2026-05-01')).toMatchObject({ status: 'not-in-effect', validIn: [] });
    expect(bare.codeOnDate('hcpcs', 'G0008', '2026-05-01').status).toBe('valid');
    expect(bare.tabular).toBeUndefined();
  });
});

describe('tabular facts', () => {
  it('notes in effect, inherited, and the 7th characters, labelled with the Tabular version', () => {
    const tabular = ref.tabular!;
    expect(tabular.version).toBe('FY2023');
    const excludes = tabular.notes('E11.9').filter((n) => n.kind === 'excludes1');
    expect(excludes.map((n) => n.from)).toEqual(['chapter 4', 'E11']);
    expect(tabular.seventh('S52.501A')?.from).toBe('S52');
    expect(tabular.seventh('E119')).toBeNull();
  });
});
