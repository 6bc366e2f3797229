import { beforeAll, describe, expect, it } from 'vitest';
import { EDITS, editCoverage, editGaps, runEdits } from '../../../../core/coding/edits';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter } from '../encounter-builder';
import { loadBothReferences } from '../reference-fixture';

/** runEdits as the coding panel uses it: every edit at once, in a stable order, with keys that survive re-runs. */
let ref: CodingReference;
let codesOnly: CodingReference;
beforeAll(async () => {
  ({ ref, codesOnly } = await loadBothReferences());
});

describe('runEdits', () => {
  it('a well-coded office visit passes every edit, with all the data installed', () => {
    const enc = encounter({
      dx: ['E1165', 'E1122', 'N184', 'I10', 'Z23'],
      lines: [
        { code: 'G0008', pointers: ['E'] },
        { code: 'J1100', units: 10, pointers: ['A', 'B'], modifiers: ['JZ'] },
      ],
    });
    expect(runEdits(enc, ref)).toEqual([]);
  });

  it('errors come before warnings; then the encounter, the diagnoses and the lines in order', () => {
    const findings = runEdits(encounter({ dx: ['N184', 'E1122', 'E116'], lines: [{ code: 'G0008', pointers: [] }], birthDate: '1950-01-01' }), ref);
    expect(findings.map((f) => [f.severity, f.editId, f.subject.kind === 'encounter' ? 'encounter' : f.subject.id])).toEqual([
      ['error', 'header-code', 'dx3'],
      ['error', 'pointer-missing', 'line1'],
      ['warning', 'code-first', 'dx1'],
    ]);
  });

  it('keys stay the same on a re-run and when other rows move, and change when the code changes', () => {
    const enc = encounter({ dx: ['I10', 'O80'], birthDate: '1950-01-01' });
    const key = () => runEdits(enc, ref).find((f) => f.editId === 'mce-age')?.key;
    const first = key();
    expect(first).toBe('mce-age|diagnosis:dx2|O80');
    expect(key()).toBe(first);
    enc.coding.diagnoses.reverse();
    expect(key()).toBe(first);
    enc.coding.diagnoses.find((d) => d.id === 'dx2')!.code = 'O800';
    expect(key()).not.toBe(first);
  });

  it('every finding names an edit of the catalogue with its severity', () => {
    const findings = runEdits(
      encounter({ dx: ['G63', 'E116', 'E109', 'E119', 'E119', 'Z3800'], lines: [{ code: 'G0008', units: 3, modifiers: ['ZZ', 'ZZ'], pointers: ['gone'] }, { code: '0FT44ZZ', modifiers: ['RT'] }] }),
      ref,
    );
    expect(new Set(findings.map((f) => f.editId)).size).toBeGreaterThanOrEqual(10);
    for (const f of findings) {
      const edit = EDITS.find((e) => e.id === f.editId);
      expect(edit, f.editId).toBeDefined();
      if (edit!.severity !== 'varies') expect(f.severity, f.editId).toBe(edit!.severity);
      expect(f.source.length, f.editId).toBeGreaterThan(10);
      expect(f.key.startsWith(`${f.editId}|`)).toBe(true);
    }
    expect(new Set(findings.map((f) => f.key)).size).toBe(findings.length);
  });
});

describe('editCoverage', () => {
  it('with the code lists only: the Tabular, MCE and MUE edits that could not run, and why', () => {
    const bare: CodingReference = { codeOnDate: codesOnly.codeOnDate };
    expect(editGaps(bare).map((g) => g.editIds)).toEqual([
      ['seventh-character', 'placeholder-x', 'excludes1', 'code-first'],
      ['manifestation-first', 'mce-age', 'unacceptable-principal'],
      ['mue-units'],
      ['modifier-unknown'],
    ]);
    expect(editCoverage(bare)[0]).toContain('no ICD-10-CM Tabular List is installed');
  });

  it('with everything installed only the CPT modifier caveat remains', () => {
    expect(editCoverage(ref)).toEqual(['CPT modifiers (two digits, such as 25 or 59) are checked for form only: the licensed CPT file lists codes, not modifiers.']);
  });
});
