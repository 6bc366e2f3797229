import { beforeAll, describe, expect, it } from 'vitest';
import { runEdits } from '../../../../core/coding/edits';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter, type EncounterSpec } from '../encounter-builder';
import { loadCodingFixture } from '../reference-fixture';

/** Edits on the encounter as a whole, on the real FY2026 code sets: each triggered, and a near-identical encounter that passes. */
let ref: CodingReference;
beforeAll(() => {
  ref = loadCodingFixture().codesOnly;
});
const run = (spec: EncounterSpec) => runEdits(encounter(spec), ref);
const found = (spec: EncounterSpec, editId: string) => run(spec).filter((f) => f.editId === editId);

describe('no-codes and no-diagnosis', () => {
  it('an encounter with nothing coded cannot be finished', () => {
    const [f] = found({}, 'no-codes');
    expect(f).toMatchObject({ severity: 'error', subject: { kind: 'encounter' }, key: 'no-codes|encounter|' });
    expect(run({ dx: ['E119'] })).toEqual([]);
  });

  it('procedures without a diagnosis: says to code the reason for the visit', () => {
    const [f] = found({ lines: [{ code: 'G0008' }] }, 'no-diagnosis');
    expect(f.severity).toBe('error');
    expect(f.message).toContain('reason for the visit');
    expect(f.source).toBe('ICD-10-CM Official Guidelines FY2026 IV.G (first-listed diagnosis)');
    expect(run({ dx: ['Z23'], lines: [{ code: 'G0008' }] })).toEqual([]);
  });

  it('an inpatient stay asks for the principal diagnosis and cites Section II', () => {
    const [f] = found({ setting: 'inpatient', discharge: '2026-05-03', lines: [{ code: '0DTJ4ZZ' }] }, 'no-diagnosis');
    expect(f.message).toContain('principal diagnosis');
    expect(f.source).toContain('II (principal diagnosis)');
  });
});

describe('duplicate-diagnosis', () => {
  it('E11.9 twice is an error on the second one, citing I.B.12', () => {
    const [f] = found({ dx: ['E119', 'I10', 'E119'] }, 'duplicate-diagnosis');
    expect(f).toMatchObject({ severity: 'error', subject: { kind: 'diagnosis', id: 'dx3' }, source: 'ICD-10-CM Official Guidelines FY2026 I.B.12' });
    expect(f.message).toContain('E11.9 is listed twice (diagnoses 1 and 3)');
    expect(run({ dx: ['E119', 'I10', 'E1165'] })).toEqual([]);
  });
});

describe('duplicate-procedure', () => {
  it('the same HCPCS code twice on a date is a warning that names the modifiers that make it legitimate', () => {
    const [f] = found({ dx: ['Z23'], lines: [{ code: 'G0008' }, { code: 'G0008' }] }, 'duplicate-procedure');
    expect(f).toMatchObject({ severity: 'warning', subject: { kind: 'procedure', id: 'line2' } });
    expect(f.message).toMatch(/G0008 appears twice on 2026-05-01 \(lines 1 and 2\)/);
    expect(f.message).toMatch(/76 .*59 or XS/);
  });

  it('a different modifier or another date is not a duplicate', () => {
    expect(run({ dx: ['Z23'], lines: [{ code: 'G0008' }, { code: 'G0008', modifiers: ['XS'] }] })).toEqual([]);
    expect(run({ dx: ['Z23'], lines: [{ code: 'G0008' }, { code: 'G0008', date: '2026-05-02' }] })).toEqual([]);
  });
});

describe('procedure-system', () => {
  it('ICD-10-PCS on an office visit is an error', () => {
    const [f] = found({ dx: ['K8010'], lines: [{ code: '0FT44ZZ' }] }, 'procedure-system');
    expect(f).toMatchObject({ severity: 'error', subject: { kind: 'procedure', id: 'line1' } });
    expect(f.message).toContain('only for inpatient stays');
  });

  it('the same PCS code on an inpatient stay passes', () => {
    expect(run({ setting: 'inpatient', discharge: '2026-05-03', dx: ['K8010'], lines: [{ code: '0FT44ZZ' }] })).toEqual([]);
  });

  it('HCPCS on an inpatient stay is a warning pointing to the professional claim', () => {
    const [f] = found({ setting: 'inpatient', discharge: '2026-05-03', dx: ['Z23'], lines: [{ code: 'G0008' }] }, 'procedure-system');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('professional claim');
  });
});

describe('poa-missing', () => {
  it('an inpatient diagnosis without POA is an error; with Y it passes', () => {
    const [f] = found({ setting: 'inpatient', discharge: '2026-05-03', dx: ['J189', { code: 'E119', poa: undefined }] }, 'poa-missing');
    expect(f).toMatchObject({ severity: 'error', subject: { kind: 'diagnosis', id: 'dx2' } });
    expect(f.message).toContain('E11.9 has no present-on-admission indicator');
    expect(f.source).toContain('Appendix I');
    expect(run({ setting: 'inpatient', discharge: '2026-05-03', dx: ['J189', { code: 'E119', poa: 'Y' }] })).toEqual([]);
  });

  it('an office visit reports no POA', () => {
    expect(run({ dx: [{ code: 'E119', poa: undefined }] })).toEqual([]);
  });
});
