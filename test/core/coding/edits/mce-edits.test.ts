import { beforeAll, describe, expect, it } from 'vitest';
import { editCoverage, runEdits } from '../../../../core/coding/edits';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter, type EncounterSpec } from '../encounter-builder';
import { loadBothReferences } from '../reference-fixture';

/** The Medicare Code Editor's diagnosis edits, from CMS's v43.1 definitions file, on the real code sets. */
let ref: CodingReference;
let codesOnly: CodingReference;
beforeAll(async () => {
  ({ ref, codesOnly } = await loadBothReferences());
});
const run = (spec: EncounterSpec, reference = ref) => runEdits(encounter(spec), reference);
const found = (spec: EncounterSpec, editId: string, reference = ref) => run(spec, reference).filter((f) => f.editId === editId);
const STAY: EncounterSpec = { setting: 'inpatient', date: '2026-05-01', discharge: '2026-05-04' };

describe('manifestation-first (MCE edit 6)', () => {
  it('G63 listed first is an error; after its underlying E85.1 it passes', () => {
    const [f] = found({ dx: ['G63'] }, 'manifestation-first');
    expect(f).toMatchObject({ severity: 'error', subject: { kind: 'diagnosis', id: 'dx1' }, source: 'Medicare Code Editor v43.1, edit 6; ICD-10-CM Official Guidelines FY2026 I.A.13' });
    expect(f.message).toContain('G63 is a manifestation code and cannot be the first-listed diagnosis');
    expect(run({ dx: ['E851', 'G63'] })).toEqual([]);
  });

  it('on a stay it names the principal diagnosis', () => {
    const [f] = found({ ...STAY, dx: ['G63', 'E851'] }, 'manifestation-first');
    expect(f.message).toContain('cannot be the principal diagnosis');
  });
});

describe('mce-age (MCE edit 4)', () => {
  it('a newborn code on a 50-year-old is a warning (4A); on a newborn it passes', () => {
    const [f] = found({ dx: ['Z3800'] }, 'mce-age');
    expect(f).toMatchObject({ severity: 'warning', source: 'Medicare Code Editor v43.1, edit 4A', key: 'mce-age|diagnosis:dx1|Z3800' });
    expect(f.message).toContain('Z38.00 is a perinatal/newborn diagnosis (age 0), but the patient is 50 on 2026-05-01');
    expect(run({ dx: ['Z3800'], birthDate: '2026-05-01' })).toEqual([]);
  });

  it('a maternity code on a 70-year-old (4C); at 30 it passes', () => {
    const [f] = found({ dx: ['O80'], birthDate: '1956-01-10' }, 'mce-age');
    expect(f.source).toBe('Medicare Code Editor v43.1, edit 4C');
    expect(f.message).toContain('O80 is a maternity diagnosis (ages 9 to 64), but the patient is 70');
    expect(run({ dx: ['O80'], birthDate: '1996-01-10' })).toEqual([]);
  });

  it('the age is taken on the date of service, to the day', () => {
    expect(found({ dx: ['O80'], birthDate: '1961-05-02' }, 'mce-age')).toEqual([]); // 64 until tomorrow
    expect(found({ dx: ['O80'], birthDate: '1961-05-01' }, 'mce-age')).toHaveLength(1); // 65 today
  });
});

describe('unacceptable-principal (MCE edit 9)', () => {
  it('Z00.00 as the principal diagnosis of a stay is an error; as the first-listed of an office visit it passes', () => {
    const [f] = found({ ...STAY, dx: ['Z0000'] }, 'unacceptable-principal');
    expect(f).toMatchObject({ severity: 'error', source: 'Medicare Code Editor v43.1, edit 9; ICD-10-CM Official Guidelines FY2026 II' });
    expect(f.message).toContain('Z00.00 is not acceptable as the principal diagnosis');
    expect(run({ dx: ['Z0000'] })).toEqual([]);
  });

  it('Z51.89 (starred in edit 9) is accepted once a secondary diagnosis is coded', () => {
    expect(found({ ...STAY, dx: ['Z5189'] }, 'unacceptable-principal')).toHaveLength(1);
    expect(run({ ...STAY, dx: ['Z5189', 'I10'] })).toEqual([]);
  });
});

describe('without the MCE definitions installed', () => {
  it('the MCE edits emit nothing and the coverage says why', () => {
    expect(run({ ...STAY, dx: ['G63', 'Z3800'] }, codesOnly).map((f) => f.editId)).not.toContain('manifestation-first');
    expect(run({ ...STAY, dx: ['Z0000'] }, codesOnly)).toEqual([]);
    expect(editCoverage(codesOnly).join(' ')).toContain('MCE edits (manifestation listed first, age conflicts, unacceptable principal diagnosis) are not checked');
    expect(editCoverage(ref).join(' ')).not.toContain('MCE');
  });
});
