/**
 * ICD-10-CM and ICD-10-PCS releases follow the federal fiscal year: FY2026 covers dates of
 * service from 2025-10-01 through 2026-09-30. (An April 1 update, when CMS issues one, is a
 * separate release with its own dates; none changed codes in FY2026.)
 */
export function fiscalYearRange(fiscalYear: number): { effectiveFrom: string; effectiveTo: string } {
  return { effectiveFrom: `${fiscalYear - 1}-10-01`, effectiveTo: `${fiscalYear}-09-30` };
}

/** The fiscal year a CMS file name carries (`icd10cm_order_2026.txt` -> 2026), if any. */
export function fiscalYearFromFileName(name: string): number | null {
  const match = /(?:^|[^0-9])(20[0-9]{2})(?:[^0-9]|$)/.exec(name);
  return match ? Number(match[1]) : null;
}
