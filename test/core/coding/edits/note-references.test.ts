import { describe, expect, it } from 'vitest';
import { noteReferences, referenceMatches } from '../../../../core/coding/edits/note-references';

/** The code references of real Tabular note lines (FY2023 Tabular), and which codes they cover. */
const covers = (text: string, code: string) => noteReferences(text).some((r) => referenceMatches(r, code));

describe('noteReferences', () => {
  it.each([
    ['type 1 diabetes mellitus (E10.-)', 'E109', true],
    ['type 1 diabetes mellitus (E10.-)', 'E119', false],
    ['gestational diabetes (O24.4-)', 'O24410', true],
    ['gestational diabetes (O24.4-)', 'O2401', false],
    ['hyperglycemia NOS (R73.9)', 'R739', true],
    ['hyperglycemia NOS (R73.9)', 'R7303', false],
    ['diabetes mellitus (E08-E13)', 'E1165', true],
    ['diabetes mellitus (E08-E13)', 'E15', false],
    ['chronic kidney disease, stage (N18.1-N18.6)', 'N1832', true],
    ['chronic kidney disease, stage (N18.1-N18.6)', 'N189', false],
    ['cerebral degeneration (due to) vitamin B deficiency, except thiamine (E52-E53.-)', 'E538', true],
    ['diabetic chronic kidney disease (E08.22, E09.22, E10.22, E11.22, E13.22)', 'E1122', true],
    ['diabetic chronic kidney disease (E08.22, E09.22, E10.22, E11.22, E13.22)', 'E1121', false],
    ['endocrine disease, except diabetes (E00-E07, E15-E16, E20-E34)', 'E160', true],
    ['endocrine disease, except diabetes (E00-E07, E15-E16, E20-E34)', 'E11', false],
    ['psychodysleptics [hallucinogens] (T40.7-T40.9-)', 'T40901A', true],
    ['general health check-up of infant or child (Z00.12.-)', 'Z00121', true],
    ['fistula of intestine with Crohn\u2019s disease (K50.013, K50.113, K50.813, K50.913,)', 'K50913', true],
    ['meconium staining (P96.83 )', 'P9683', true],
  ])('%s covers %s: %s', (text, code, expected) => {
    expect(covers(text, code)).toBe(expected);
  });

  it('"with .42" narrows a range to one subcategory: G63 excludes diabetic polyneuropathy only', () => {
    const text = 'diabetes mellitus (E08-E13 with .42)';
    expect(covers(text, 'E1142')).toBe(true);
    expect(covers(text, 'E1140')).toBe(false);
    expect(noteReferences(text)[0].text).toBe('E08-E13 with .42');
  });

  it('"with .51-.52" and "with .69-"', () => {
    expect(covers('diabetic (peripheral) angiopathy (E08-E13 with .51-.52)', 'E1152')).toBe(true);
    expect(covers('diabetic (peripheral) angiopathy (E08-E13 with .51-.52)', 'E1159')).toBe(false);
    expect(covers('diabetes mellitus (E08-E13 with .69-)', 'E1169')).toBe(true);
  });

  it('character positions, inside or after the parentheses', () => {
    const poisoning = 'poisoning due to drug or toxin, if applicable (T36-T65 with fifth or sixth character 1-4 or 6)';
    expect(covers(poisoning, 'T391X1A')).toBe(true);
    expect(covers(poisoning, 'T391X5A')).toBe(false);
    expect(covers('underdosing of medication (T36-T50) with fifth or sixth character 6', 'T383X6A')).toBe(true);
    expect(covers('underdosing of medication (T36-T50) with fifth or sixth character 6', 'T383X1A')).toBe(false);
    const conveyance = 'other pedestrian (conveyance) collision with other land transport vehicle (V01-V09 with 5th character 9)';
    expect(covers(conveyance, 'V0109XA')).toBe(true);
    expect(covers(conveyance, 'V0192XA')).toBe(false);
    expect(covers('open fracture of wrist, hand and finger (S62.- with 7th character B)', 'S62001B')).toBe(true);
    expect(covers('open fracture of wrist, hand and finger (S62.- with 7th character B)', 'S62001A')).toBe(false);
    expect(covers('fluency disorder (stuttering) following cerebrovascular disease (I69. with final characters -23)', 'I69323')).toBe(true);
    expect(covers('fluency disorder (stuttering) following cerebrovascular disease (I69. with final characters -23)', 'I69320')).toBe(false);
  });

  it('words in parentheses are not codes, and a narrowing it cannot read drops the reference', () => {
    expect(noteReferences('mesenteric (acute) (chronic) lymphadenitis (I88.0)').map((r) => r.text)).toEqual(['I88.0']);
    expect(noteReferences('lupus anticoagulant (LAC) with hemorrhagic disorder (D68.312)').map((r) => r.text)).toEqual(['D68.312']);
    expect(noteReferences('something (A00-B99 with a character nobody defined)')).toEqual([]);
    expect(noteReferences('certain localized infections - see body system-related chapters')).toEqual([]);
  });
});
