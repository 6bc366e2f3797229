import type { CodeSystem } from './types';

/**
 * How a coder writes a code: ICD-10-CM with a dot after the category (E11.65); PCS, HCPCS and
 * CPT without one. Stored codes never carry the dot.
 */
export function displayCode(system: CodeSystem, code: string): string {
  return system === 'icd10cm' && code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

/** Normalize what a coder typed into the stored form: no dot, no spaces, upper case. */
export function normalizeCodeInput(text: string): string {
  return text.replace(/[.\s]/g, '').toUpperCase();
}

/** Human name of a code system. */
export const SYSTEM_LABEL: Record<CodeSystem, string> = {
  icd10cm: 'ICD-10-CM',
  icd10pcs: 'ICD-10-PCS',
  hcpcs: 'HCPCS Level II',
  cpt: 'CPT',
};
