import { beforeAll, describe, expect, it } from 'vitest';
import { runEdits } from '../../../../core/coding/edits';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter, type EncounterSpec } from '../encounter-builder';
import { loadCodingFixture } from '../reference-fixture';

/**
 * Is every code a complete code of the release in effect on its date? On the real FY2026 and
 * FY2027 ICD-10-CM lists, FY2026 PCS, the October 2025 HCPCS file and the FY2023 Tabular.
 */
let ref: CodingReference;
let codesWithoutTabular: CodingReference;
beforeAll(() => {
  const fixture = loadCodingFixture();
  ref = fixture.codesOnly;
  codesWithoutTabular = { codeOnDate: ref.codeOnDate };
});
const run = (spec: EncounterSpec, reference = ref) => runEdits(encounter(spec), reference);
const ids = (spec: EncounterSpec, reference = ref) => run(spec, reference).map((f) => f.editId);

describe('header-code', () => {
  it('E11.6 is a subcategory header that needs more characters; E11.65 passes', () => {
    const [f] = run({ dx: ['E116'] });
    expect(f).toMatchObject({ editId: 'header-code', severity: 'error', key: 'header-code|diagnosis:dx1|E116' });
    expect(f.message).toContain('E11.6 is a subcategory header');
    expect(f.message).toContain('needs more characters');
    expect(f.source).toBe('ICD-10-CM Official Guidelines FY2026 I.B.2; ICD-10-CM FY2026 code list (in effect 2025-10-01 to 2026-09-30)');
    expect(run({ dx: ['E1165'] })).toEqual([]);
  });

  it('a header over codes with 7th characters says so: S52.5 vs S52.501A', () => {
    const [f] = run({ dx: ['S525'] });
    expect(f.editId).toBe('header-code');
    expect(f.message).toContain('also take a 7th character (A, B, C');
    expect(run({ dx: ['S52501A'] })).toEqual([]);
  });

  it('an ICD-10-PCS table heading is not a code; the full code passes', () => {
    const inpatient: EncounterSpec = { setting: 'inpatient', discharge: '2026-05-03', dx: ['K8010'] };
    const [f] = run({ ...inpatient, lines: [{ code: '0FT', system: 'icd10pcs' }] });
    expect(f).toMatchObject({ editId: 'header-code', subject: { kind: 'procedure', id: 'line1' } });
    expect(f.message).toContain('all 7 characters');
    expect(run({ ...inpatient, lines: [{ code: '0FT44ZZ' }] })).toEqual([]);
  });
});

describe('seventh-character', () => {
  it('S52.501 needs its 7th character and lists the completed codes', () => {
    const [f] = run({ dx: ['S52501'] });
    expect(f).toMatchObject({ editId: 'seventh-character', severity: 'error' });
    expect(f.message).toMatch(/^S52\.501 needs a 7th character: S52\.501A initial encounter for closed fracture; S52\.501B/);
    expect(f.source).toBe('ICD-10-CM Official Guidelines FY2026 I.A.5; 7th characters of S52 (Tabular FY2023)');
    expect(run({ dx: ['S52501A'] })).toEqual([]);
  });

  it('a 7th character its category does not define: S93.401Z vs S93.401A', () => {
    const [f] = run({ dx: ['S93401Z'] });
    expect(f.editId).toBe('seventh-character');
    expect(f.message).toContain('"Z" is not a 7th character of S93');
    expect(f.message).toContain('A initial encounter');
    expect(run({ dx: ['S93401A'] })).toEqual([]);
  });

  it('without the Tabular the same code is still caught, as a header', () => {
    expect(ids({ dx: ['S52501'] }, codesWithoutTabular)).toEqual(['header-code']);
  });
});

describe('placeholder-x', () => {
  it('T15.01 needs X to reach 6 characters: T15.01XA; T15.01XA passes', () => {
    const [f] = run({ dx: ['T1501'] });
    expect(f).toMatchObject({ editId: 'placeholder-x', severity: 'error' });
    expect(f.message).toContain('T15.01XA initial encounter');
    expect(f.source).toContain('I.A.4, I.A.5');
    expect(run({ dx: ['T1501XA'] })).toEqual([]);
  });

  it('the 7th character typed without the X: T15.01A -> T15.01XA', () => {
    const [f] = run({ dx: ['T1501A'] });
    expect(f.editId).toBe('placeholder-x');
    expect(f.message).toContain('the code is T15.01XA');
  });

  it('T15.0 still has a level below it: a header, with the completed codes spelled out', () => {
    const [f] = run({ dx: ['T150'] });
    expect(f.editId).toBe('header-code');
    expect(f.message).toContain('For example T15.00XA, T15.01XA, T15.02XA.');
  });
});

describe('not-valid-on-date', () => {
  it('C78.31 on 2026-09-15 is valid only from FY2027; on 2026-10-15 it passes', () => {
    const [f] = run({ dx: ['C7831'], date: '2026-09-15' });
    expect(f).toMatchObject({ editId: 'not-valid-on-date', severity: 'error', key: 'not-valid-on-date|diagnosis:dx1|C7831+2026-09-15' });
    expect(f.message).toContain('C78.31 is valid from ICD-10-CM FY2027 (2026-10-01); the date of service 2026-09-15 uses FY2026');
    expect(run({ dx: ['C7831'], date: '2026-10-15' })).toEqual([]);
  });

  it('an inpatient stay uses the discharge date: admitted in FY2026, discharged in FY2027', () => {
    expect(run({ setting: 'inpatient', date: '2026-09-28', discharge: '2026-10-02', dx: ['C7831'] })).toEqual([]);
    const [f] = run({ setting: 'inpatient', date: '2026-09-28', discharge: '2026-10-02', dx: ['S23420A'] });
    expect(f.editId).toBe('not-valid-on-date');
    expect(f.message).toContain('S23.420A was valid through ICD-10-CM FY2026 (until 2026-09-30); the discharge date 2026-10-02 uses FY2027');
  });

  it('a HCPCS code terminated before the date of service; an active one passes', () => {
    const [f] = run({ dx: ['Z23'], lines: [{ code: 'J2150' }] });
    expect(f).toMatchObject({ editId: 'not-valid-on-date', subject: { kind: 'procedure', id: 'line1' } });
    expect(f.message).toContain('J2150 was terminated on 2025-09-30');
    expect(f.source).toContain('HCPCS Level II 2025-10');
    expect(run({ dx: ['Z23'], lines: [{ code: 'G0008' }] })).toEqual([]);
  });
});

describe('code-unknown and release-missing', () => {
  it('a code in no release: E11.99', () => {
    const [f] = run({ dx: ['E1199'] });
    expect(f).toMatchObject({ editId: 'code-unknown', severity: 'error' });
    expect(f.message).toContain('E11.99 is not an ICD-10-CM code');
  });

  it('a HCPCS modifier entered as the procedure code', () => {
    const [f] = run({ dx: ['Z23'], lines: [{ code: 'GT', system: 'hcpcs' }] });
    expect(f.editId).toBe('code-unknown');
    expect(f.message).toContain('GT is a HCPCS modifier, not a procedure code');
  });

  it('no ICD-10-CM release for 2027-10-15: one finding for the encounter, never another year used', () => {
    const findings = run({ dx: ['E119', 'I10'], date: '2027-10-15' });
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ editId: 'release-missing', severity: 'error', subject: { kind: 'encounter' }, key: 'release-missing|encounter|icd10cm+2027-10-15' });
    expect(findings[0].message).toContain('No ICD-10-CM release is installed for 2027-10-15, so E11.9, I10 cannot be checked');
    expect(run({ dx: ['E119', 'I10'], date: '2027-09-15' })).toEqual([]);
  });

  it('CPT lines without an imported CPT file ask for it, as a warning to acknowledge (CPT is licensed per customer)', () => {
    const [f] = run({ dx: ['I10'], lines: [{ code: '99213' }] });
    expect(f.editId).toBe('release-missing');
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('import the licensed CPT file');
  });
});
