import { beforeAll, describe, expect, it } from 'vitest';
import { editCoverage, runEdits } from '../../../../core/coding/edits';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter, type EncounterSpec } from '../encounter-builder';
import { loadBothReferences } from '../reference-fixture';

/** Units against the NCCI MUE tables effective 2026-04-01 (2026-Q2), read from CMS's CSV files. */
let ref: CodingReference;
let codesOnly: CodingReference;
beforeAll(async () => {
  ({ ref, codesOnly } = await loadBothReferences());
});
const run = (spec: EncounterSpec, reference = ref) => runEdits(encounter(spec), reference);
const mue = (spec: EncounterSpec, reference = ref) => run(spec, reference).filter((f) => f.editId === 'mue-units');

describe('MAI 2 (date of service, policy): an error', () => {
  it('G0008 (MUE 1) with 2 units; 1 unit passes', () => {
    const [f] = mue({ dx: ['Z23'], lines: [{ code: 'G0008', units: 2 }] });
    expect(f).toMatchObject({ severity: 'error', subject: { kind: 'procedure', id: 'line1' }, source: 'NCCI MUE practitioner services table 2026-Q2' });
    expect(f.message).toContain('G0008 has 2 units on 2026-05-01; the MUE is 1 per day (MAI 2, date-of-service edit: policy; rationale: Code Descriptor / CPT Instruction)');
    expect(run({ dx: ['Z23'], lines: [{ code: 'G0008', units: 1 }] })).toEqual([]);
  });

  it('units of every line of the code on the same day count together', () => {
    const [f] = mue({ dx: ['Z23'], lines: [{ code: 'G0008' }, { code: 'G0008', modifiers: ['XS'] }] });
    expect(f.message).toContain('2 units on 2026-05-01 across lines 1, 2');
    expect(mue({ dx: ['Z23'], lines: [{ code: 'G0008' }, { code: 'G0008', modifiers: ['XS'], date: '2026-05-02' }] })).toEqual([]);
  });
});

describe('MAI 3 (date of service, clinical): a warning', () => {
  it('J1100 (MUE 120) with 121 units; 120 passes', () => {
    const [f] = mue({ dx: ['J449'], lines: [{ code: 'J1100', units: 121 }] });
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('the MUE is 120 per day (MAI 3, date-of-service edit: clinical; rationale: Clinical: Data)');
    expect(f.key).toBe('mue-units|procedure:line1|J1100x121+2026-05-01');
    expect(run({ dx: ['J449'], lines: [{ code: 'J1100', units: 120 }] })).toEqual([]);
  });
});

describe('MAI 1 (line edit): a warning per line', () => {
  it('A6460 (MUE 1 per line) with 2 units on one line; split over two lines with a modifier it passes', () => {
    const [f] = mue({ dx: ['L97919'], lines: [{ code: 'A6460', units: 2 }] });
    expect(f.severity).toBe('warning');
    expect(f.message).toContain('the MUE is 1 per line (MAI 1, line edit');
    expect(run({ dx: ['L97919'], lines: [{ code: 'A6460' }, { code: 'A6460', modifiers: ['XS'] }] })).toEqual([]);
  });
});

describe('the table follows the setting', () => {
  it('J7613: 11 units exceed the practitioner MUE (10) but not the DME supplier MUE (1395)', () => {
    const spec: EncounterSpec = { dx: ['J449'], lines: [{ code: 'J7613', units: 11 }] };
    expect(mue(spec)[0].source).toBe('NCCI MUE practitioner services table 2026-Q2');
    expect(run({ ...spec, setting: 'dme-supplier' })).toEqual([]);
  });

  it('outpatient surgery uses the outpatient hospital table: J7613 has MUE 0 there', () => {
    const [f] = mue({ setting: 'outpatient-surgery', dx: ['J449'], lines: [{ code: 'J7613', units: 1 }] });
    expect(f.source).toBe('NCCI MUE outpatient hospital services table 2026-Q2');
    expect(f.message).toContain('J7613: the MUE is 0 in the outpatient hospital services table (MAI 3, date-of-service edit: clinical; rationale: CMS Policy), so CMS pays no units of it');
  });

  it('an inpatient stay has no MUE', () => {
    expect(mue({ setting: 'inpatient', discharge: '2026-05-03', dx: ['Z23'], lines: [{ code: 'G0008', units: 3 }] })).toEqual([]);
  });
});

describe('without the MUE tables installed', () => {
  it('emits nothing and the coverage says why', () => {
    expect(mue({ dx: ['Z23'], lines: [{ code: 'G0008', units: 3 }] }, codesOnly)).toEqual([]);
    expect(editCoverage(codesOnly)).toContain('MUE unit limits are not checked: the NCCI MUE tables are not installed.');
    expect(editCoverage(ref).join(' ')).not.toContain('MUE');
  });
});
