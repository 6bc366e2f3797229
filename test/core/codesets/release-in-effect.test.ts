/**
 * Which installed release a date of service is coded with. Releases carry the real FY2026,
 * FY2027 and HCPCS 2025-10 dates; the guideline is the code set in effect on the date of service.
 */
import { describe, expect, it } from 'vitest';
import { isInEffect, releaseInEffect, type InstalledReleaseRef } from '../../../core/codesets/release-in-effect';
import type { CodeSystem, ReleaseContent } from '../../../core/codesets/types';

function ref(id: string, system: CodeSystem, version: string, effectiveFrom: string, effectiveTo: string | null, opts: { content?: ReleaseContent; installedAt?: string } = {}): InstalledReleaseRef {
  return {
    id,
    meta: { system, content: opts.content ?? 'codes', version, effectiveFrom, effectiveTo, sources: [] },
    installedAt: opts.installedAt ?? '2026-11-27T09:00:00.000Z',
  };
}

const FY2026 = ref('icd10cm-codes-FY2026', 'icd10cm', 'FY2026', '2025-10-01', '2026-09-30');
const FY2027 = ref('icd10cm-codes-FY2027', 'icd10cm', 'FY2027', '2026-10-01', '2027-09-30');
const PCS2026 = ref('icd10pcs-codes-FY2026', 'icd10pcs', 'FY2026', '2025-10-01', '2026-09-30');
const TABULAR2023 = ref('icd10cm-tabular-FY2023', 'icd10cm', 'FY2023', '2022-10-01', '2023-09-30', { content: 'tabular' });
const TABULAR2026 = ref('icd10cm-tabular-FY2026', 'icd10cm', 'FY2026', '2025-10-01', '2026-09-30', { content: 'tabular' });
const HCPCS_OCT = ref('hcpcs-codes-2025-10', 'hcpcs', '2025-10', '2025-10-01', null);
const HCPCS_JAN = ref('hcpcs-codes-2026-01', 'hcpcs', '2026-01', '2026-01-01', null);

const installed = [FY2027, PCS2026, TABULAR2023, HCPCS_OCT, FY2026, TABULAR2026];

describe('releaseInEffect', () => {
  it('switches from FY2026 to FY2027 at midnight between 2026-09-30 and 2026-10-01', () => {
    expect(releaseInEffect(installed, 'icd10cm', '2025-10-01')?.id).toBe('icd10cm-codes-FY2026');
    expect(releaseInEffect(installed, 'icd10cm', '2026-09-30')?.id).toBe('icd10cm-codes-FY2026');
    expect(releaseInEffect(installed, 'icd10cm', '2026-10-01')?.id).toBe('icd10cm-codes-FY2027');
    expect(releaseInEffect(installed, 'icd10cm', '2027-09-30')?.id).toBe('icd10cm-codes-FY2027');
  });

  it('returns null rather than another year when no release covers the date', () => {
    expect(releaseInEffect(installed, 'icd10cm', '2025-09-30')).toBeNull();
    expect(releaseInEffect(installed, 'icd10cm', '2019-06-15')).toBeNull();
    expect(releaseInEffect(installed, 'icd10cm', '2027-10-01')).toBeNull();
    expect(releaseInEffect(installed, 'icd10pcs', '2026-10-01')).toBeNull();
    expect(releaseInEffect(installed, 'cpt', '2026-01-15')).toBeNull();
    expect(releaseInEffect([], 'icd10cm', '2026-01-15')).toBeNull();
  });

  it('keeps systems apart', () => {
    expect(releaseInEffect(installed, 'icd10pcs', '2026-03-01')?.id).toBe('icd10pcs-codes-FY2026');
    expect(releaseInEffect(installed, 'hcpcs', '2026-03-01')?.id).toBe('hcpcs-codes-2025-10');
  });

  it('uses an open-ended HCPCS quarter until a later quarter takes effect', () => {
    expect(releaseInEffect(installed, 'hcpcs', '2025-09-30')).toBeNull();
    expect(releaseInEffect(installed, 'hcpcs', '2025-10-01')?.id).toBe('hcpcs-codes-2025-10');
    expect(releaseInEffect(installed, 'hcpcs', '2030-01-01')?.id).toBe('hcpcs-codes-2025-10');
    const both = [HCPCS_JAN, HCPCS_OCT];
    expect(releaseInEffect(both, 'hcpcs', '2025-12-31')?.id).toBe('hcpcs-codes-2025-10');
    expect(releaseInEffect(both, 'hcpcs', '2026-01-01')?.id).toBe('hcpcs-codes-2026-01');
    expect(releaseInEffect([...both].reverse(), 'hcpcs', '2026-01-01')?.id).toBe('hcpcs-codes-2026-01');
  });

  it('prefers the release installed last when two take effect the same day', () => {
    const first = ref('icd10cm-codes-FY2026-a', 'icd10cm', 'FY2026', '2025-10-01', '2026-09-30', { installedAt: '2026-11-01T08:00:00.000Z' });
    const again = ref('icd10cm-codes-FY2026-b', 'icd10cm', 'FY2026', '2025-10-01', '2026-09-30', { installedAt: '2026-11-20T15:30:00.000Z' });
    expect(releaseInEffect([first, again], 'icd10cm', '2026-02-01')?.id).toBe('icd10cm-codes-FY2026-b');
    expect(releaseInEffect([again, first], 'icd10cm', '2026-02-01')?.id).toBe('icd10cm-codes-FY2026-b');
  });

  it('returns only the content asked for', () => {
    // The FY2023 Tabular is installed but not in effect on an FY2026 date.
    expect(releaseInEffect(installed, 'icd10cm', '2026-02-01')?.id).toBe('icd10cm-codes-FY2026');
    expect(releaseInEffect(installed, 'icd10cm', '2026-02-01', 'tabular')?.id).toBe('icd10cm-tabular-FY2026');
    expect(releaseInEffect(installed, 'icd10cm', '2023-02-01', 'tabular')?.id).toBe('icd10cm-tabular-FY2023');
    expect(releaseInEffect(installed, 'icd10cm', '2023-02-01', 'codes')).toBeNull();
    expect(releaseInEffect(installed, 'icd10cm', '2026-02-01', 'index')).toBeNull();
    expect(releaseInEffect([TABULAR2026], 'icd10cm', '2026-02-01')).toBeNull();
  });
});

describe('isInEffect', () => {
  it('includes both ends of the range and leaves an open end open', () => {
    expect(isInEffect(FY2026.meta, '2025-10-01')).toBe(true);
    expect(isInEffect(FY2026.meta, '2026-09-30')).toBe(true);
    expect(isInEffect(FY2026.meta, '2025-09-30')).toBe(false);
    expect(isInEffect(FY2026.meta, '2026-10-01')).toBe(false);
    expect(isInEffect(HCPCS_OCT.meta, '2099-12-31')).toBe(true);
    expect(isInEffect(HCPCS_OCT.meta, '2025-09-30')).toBe(false);
  });
});
