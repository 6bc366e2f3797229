import { beforeAll, describe, expect, it } from 'vitest';
import { runEdits } from '../../../../core/coding/edits';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter, type EncounterSpec, type LineSpec } from '../encounter-builder';
import { loadCodingFixture } from '../reference-fixture';

/** What a claim line allows: units, modifiers (from the October 2025 HCPCS file) and diagnosis pointers. */
let ref: CodingReference;
beforeAll(() => {
  ref = loadCodingFixture().codesOnly;
});
const run = (spec: EncounterSpec) => runEdits(encounter(spec), ref);
const found = (spec: EncounterSpec, editId: string) => run(spec).filter((f) => f.editId === editId);
/** A flu vaccine administration for Z23, with the line changed as given. */
const visit = (line: Partial<LineSpec>, dx: string[] = ['Z23']): EncounterSpec => ({ dx, lines: [{ code: 'G0008', ...line }] });

describe('units-invalid', () => {
  it.each([0, -1, 1.5, Number.NaN])('%s units is an error', (units) => {
    const [f] = found(visit({ units }), 'units-invalid');
    expect(f).toMatchObject({ severity: 'error', subject: { kind: 'procedure', id: 'line1' } });
    expect(f.message).toContain('enter a whole number of 1 or more');
  });

  it('1 unit passes', () => {
    expect(run(visit({ units: 1 }))).toEqual([]);
  });
});

describe('modifier-unknown', () => {
  it('ZZ is not a HCPCS modifier; RT is', () => {
    const [f] = found(visit({ modifiers: ['ZZ'] }), 'modifier-unknown');
    expect(f.severity).toBe('error');
    expect(f.message).toContain('ZZ on line 1 (G0008) is not a HCPCS Level II modifier in the 2025-10 file');
    expect(f.source).toBe('HCPCS Level II 2025-10 modifiers (in effect from 2025-10-01 until replaced)');
    expect(run(visit({ modifiers: ['RT'] }))).toEqual([]);
  });

  it('JG was terminated 2024-12-31: not valid on a 2026 date of service; JZ (active) passes', () => {
    const [f] = found(visit({ modifiers: ['JG'] }), 'modifier-unknown');
    expect(f.message).toContain('Modifier JG on line 1 (G0008) was terminated on 2024-12-31');
    expect(run(visit({ modifiers: ['JZ'] }))).toEqual([]);
  });

  it('a modifier must be two letters or digits; CPT modifiers (25) pass on form alone', () => {
    expect(found(visit({ modifiers: ['R'] }), 'modifier-unknown')[0].message).toContain('modifiers are two letters or digits');
    expect(run(visit({ modifiers: ['25'] }))).toEqual([]);
  });
});

describe('modifier-repeated and too-many-modifiers', () => {
  it('RT twice is an error; once passes', () => {
    const [f] = found(visit({ modifiers: ['RT', 'RT'] }), 'modifier-repeated');
    expect(f).toMatchObject({ severity: 'error', key: 'modifier-repeated|procedure:line1|RT' });
    expect(run(visit({ modifiers: ['RT'] }))).toEqual([]);
  });

  it('5 modifiers is an error; 4 pass', () => {
    const [f] = found(visit({ modifiers: ['RT', 'XS', 'GA', 'KX', 'Q6'] }), 'too-many-modifiers');
    expect(f.message).toContain('has 5 modifiers (RT, XS, GA, KX, Q6); a claim line holds 4');
    expect(run(visit({ modifiers: ['RT', 'XS', 'GA', 'KX'] }))).toEqual([]);
  });
});

describe('modifier-on-pcs', () => {
  it('an ICD-10-PCS line with a modifier is an error; without it passes', () => {
    const stay: EncounterSpec = { setting: 'inpatient', discharge: '2026-05-03', dx: ['K8010'] };
    const [f] = found({ ...stay, lines: [{ code: '0FT44ZZ', modifiers: ['RT'] }] }, 'modifier-on-pcs');
    expect(f.message).toContain('0FT44ZZ is an ICD-10-PCS code, which takes no modifiers: remove RT');
    expect(run({ ...stay, lines: [{ code: '0FT44ZZ' }] })).toEqual([]);
  });
});

describe('pointer-missing', () => {
  it('a HCPCS line that points to no diagnosis; pointing to A passes', () => {
    const [f] = found(visit({ pointers: [] }), 'pointer-missing');
    expect(f).toMatchObject({ severity: 'error', key: 'pointer-missing|procedure:line1|G0008' });
    expect(run(visit({ pointers: ['A'] }))).toEqual([]);
  });
});

describe('pointer-out-of-range', () => {
  /** 13 valid FY2026 codes with no Excludes1 between them. */
  const THIRTEEN = ['I10', 'E119', 'J449', 'K219', 'E785', 'F329', 'M5450', 'R519', 'N390', 'E039', 'F411', 'R079', 'Z23'];

  it('a pointer to a diagnosis that was removed', () => {
    const [f] = found(visit({ pointers: ['dx-removed'] }), 'pointer-out-of-range');
    expect(f.message).toContain('points to a diagnosis that is no longer on the list');
  });

  it('a pointer to the 13th diagnosis (past L) is an error; to the 12th (L) it passes', () => {
    const [f] = found({ dx: THIRTEEN, lines: [{ code: 'G0008', pointers: ['dx13'] }] }, 'pointer-out-of-range');
    expect(f.message).toContain('points to diagnosis 13 (Z23), past L');
    expect(run({ dx: THIRTEEN.slice(0, 12), lines: [{ code: 'G0008', pointers: ['L'] }] })).toEqual([]);
  });

  it('5 pointers is an error; 4 pass', () => {
    const [f] = found({ dx: THIRTEEN, lines: [{ code: 'G0008', pointers: ['A', 'B', 'C', 'D', 'E'] }] }, 'pointer-out-of-range');
    expect(f.message).toContain('has 5 diagnosis pointers; a claim line holds 4');
    expect(run({ dx: THIRTEEN, lines: [{ code: 'G0008', pointers: ['A', 'B', 'C', 'D'] }] })).toEqual([]);
  });

  it('the same pointer twice', () => {
    const [f] = found({ dx: ['Z23', 'I10'], lines: [{ code: 'G0008', pointers: ['A', 'A'] }] }, 'pointer-out-of-range');
    expect(f.message).toContain('points to A (Z23) more than once');
    expect(run({ dx: ['Z23', 'I10'], lines: [{ code: 'G0008', pointers: ['A', 'B'] }] })).toEqual([]);
  });
});
