import { describe, expect, it } from 'vitest';
import { displayCode, normalizeCodeInput, SYSTEM_LABEL } from '../../../core/codesets/code-display';

describe('displayCode', () => {
  it('writes ICD-10-CM codes with the dot after the category', () => {
    expect(displayCode('icd10cm', 'E1165')).toBe('E11.65');
    expect(displayCode('icd10cm', 'T528X1A')).toBe('T52.8X1A');
    expect(displayCode('icd10cm', 'A000')).toBe('A00.0');
    // A category alone has no dot.
    expect(displayCode('icd10cm', 'A00')).toBe('A00');
  });

  it('leaves ICD-10-PCS, HCPCS and CPT codes as they are', () => {
    expect(displayCode('icd10pcs', '0016070')).toBe('0016070');
    expect(displayCode('icd10pcs', '001')).toBe('001');
    expect(displayCode('hcpcs', 'A4253')).toBe('A4253');
    expect(displayCode('hcpcs', 'LT')).toBe('LT');
    expect(displayCode('cpt', '99213')).toBe('99213');
  });
});

describe('normalizeCodeInput', () => {
  it('turns what a coder types into the stored form', () => {
    expect(normalizeCodeInput(' e11.65 ')).toBe('E1165');
    expect(normalizeCodeInput('t52.8x1a')).toBe('T528X1A');
    expect(normalizeCodeInput('E11 .65\t')).toBe('E1165');
    expect(normalizeCodeInput('0016070')).toBe('0016070');
    expect(normalizeCodeInput('')).toBe('');
  });

  it('round-trips with displayCode', () => {
    for (const code of ['E1165', 'A00', 'Z878901', 'C7A010']) expect(normalizeCodeInput(displayCode('icd10cm', code))).toBe(code);
  });
});

describe('SYSTEM_LABEL', () => {
  it('names the code systems as coders say them', () => {
    expect(SYSTEM_LABEL).toEqual({ icd10cm: 'ICD-10-CM', icd10pcs: 'ICD-10-PCS', hcpcs: 'HCPCS Level II', cpt: 'CPT' });
  });
});
