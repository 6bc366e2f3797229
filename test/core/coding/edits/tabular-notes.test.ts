import { beforeAll, describe, expect, it } from 'vitest';
import { runEdits } from '../../../../core/coding/edits';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter, type EncounterSpec } from '../encounter-builder';
import { loadCodingFixture } from '../reference-fixture';

/** Excludes1 and "code first" between assigned diagnoses, from the notes of the real (FY2023) Tabular. */
let ref: CodingReference;
beforeAll(() => {
  ref = loadCodingFixture().codesOnly;
});
const run = (spec: EncounterSpec) => runEdits(encounter(spec), ref);

describe('excludes1', () => {
  it('E10.9 with E11.9: an error quoting E11\'s note; E11.9 alone passes', () => {
    const findings = run({ dx: ['E109', 'E119'] });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ editId: 'excludes1', severity: 'error', subject: { kind: 'diagnosis', id: 'dx2' }, key: 'excludes1|diagnosis:dx2|E109+E119' });
    expect(f.message).toContain('E11.9 and E10.9 cannot be reported together');
    expect(f.message).toContain('"type 1 diabetes mellitus (E10.-)"');
    expect(f.source).toBe('ICD-10-CM Official Guidelines FY2026 I.A.12.a; Excludes1 at E11 (Tabular FY2023)');
    expect(run({ dx: ['E119', 'I10'] })).toEqual([]);
  });

  it('a note inherited from the category: R73.03 (prediabetes) with E11.9, via R73 "diabetes mellitus (E08-E13)"', () => {
    const [f] = run({ dx: ['R7303', 'E119'] });
    expect(f.editId).toBe('excludes1');
    expect(f.message).toContain('Excludes1 note at R73');
    expect(run({ dx: ['R7303', 'I10'] })).toEqual([]);
  });

  it('a narrowed range: G63 excludes diabetic polyneuropathy (E08-E13 with .42), not amyloid', () => {
    const [f] = run({ dx: ['E1142', 'G63'] });
    expect(f.editId).toBe('excludes1');
    expect(f.message).toContain('"diabetes mellitus (E08-E13 with .42)"');
    expect(run({ dx: ['E851', 'G63'] })).toEqual([]);
  });
});

describe('code-first', () => {
  it('N18.4 listed before E11.22: N18 says code first diabetic CKD; the other order passes', () => {
    const [f] = run({ dx: ['N184', 'E1122'] });
    expect(f).toMatchObject({ editId: 'code-first', severity: 'warning', subject: { kind: 'diagnosis', id: 'dx1' } });
    expect(f.message).toMatch(/^List E11\.22 before N18\.4: the note at N18 says code first "any associated: diabetic chronic kidney disease \(E08\.22/);
    expect(f.source).toBe('ICD-10-CM Official Guidelines FY2026 I.A.13; "code first" at N18 (Tabular FY2023)');
    expect(run({ dx: ['E1122', 'N184'] })).toEqual([]);
  });

  it('"any associated" is conditional: N18.4 alone passes', () => {
    expect(run({ dx: ['N184'] })).toEqual([]);
  });

  it('G63 listed first with no underlying disease: a warning; E85.1 before it passes', () => {
    const [f] = run({ dx: ['G63'] });
    expect(f.editId).toBe('code-first');
    expect(f.message).toContain('G63 is listed first, but the note at G63 says code first "underlying disease, such as: amyloidosis (E85.-)');
    expect(run({ dx: ['E851', 'G63'] })).toEqual([]);
  });

  it('a list of specific conditions (I50: heart failure due to hypertension I11.0 ...) is checked for order only', () => {
    expect(run({ dx: ['I509'] })).toEqual([]);
    expect(run({ dx: ['I110', 'I509'] })).toEqual([]);
    const [f] = run({ dx: ['I509', 'I110'] });
    expect(f.message).toMatch(/^List I11\.0 before I50\.9: the note at I50 says code first/);
  });

  it('a required condition missing: Z3A.39 (weeks of gestation) listed first; after an obstetric code it passes', () => {
    const [f] = run({ dx: ['Z3A39'], birthDate: '1996-01-10' });
    expect(f.editId).toBe('code-first');
    expect(f.message).toContain('Z3A.39 is listed first, but the note at Z3A says code first "obstetric condition or encounter for delivery (O09-O60, O80-O82)"');
    expect(run({ dx: ['O80', 'Z3A39'], birthDate: '1996-01-10' })).toEqual([]);
    // O70.0 is outside the note's ranges but is the obstetric condition: not flagged.
    expect(run({ dx: ['O700', 'Z3A39'], birthDate: '1996-01-10' })).toEqual([]);
  });

  it('the key names both codes, so swapping in another code needs a new acknowledgement', () => {
    const [a] = run({ dx: ['N184', 'E1122'] });
    const [b] = run({ dx: ['N184', 'I120'] });
    expect(a.key).toBe('code-first|diagnosis:dx1|N184+E1122+at N18');
    expect(b.key).toBe('code-first|diagnosis:dx1|N184+I120+at N18');
  });
});
