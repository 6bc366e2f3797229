import { beforeAll, describe, expect, it } from 'vitest';
import { diagnosesWithHcc, hccFor } from '../../../../core/coding/hcc';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounter } from '../encounter-builder';
import { loadBothReferences } from '../reference-fixture';

/** CMS-HCC V28 categories from CMS's "2026 Initial ICD-10-CM Mappings" file. */
let ref: CodingReference;
let codesOnly: CodingReference;
beforeAll(async () => {
  ({ ref, codesOnly } = await loadBothReferences());
});

describe('hccFor', () => {
  it('E11.9 maps to HCC 38, labelled with the mapping release', () => {
    expect(hccFor(ref, 'E11.9')).toEqual({ code: 'E119', display: 'E11.9', v28: [38], label: 'HCC 38', source: 'CMS-HCC V28 (2026 initial)' });
  });

  it('I10 maps to none; a code new in FY2027 is not in this mapping either', () => {
    expect(hccFor(ref, 'I10')?.v28).toEqual([]);
    expect(hccFor(ref, 'C7831')?.v28).toEqual([]);
  });

  it('null when no mapping is installed, so the panel can say so instead of "no HCC"', () => {
    expect(hccFor(codesOnly, 'E119')).toBeNull();
  });
});

describe('diagnosesWithHcc', () => {
  it('lists the assigned diagnoses that carry an HCC, in list order', () => {
    const enc = encounter({ dx: ['E1122', 'N184', 'I10', 'I5022'] });
    expect(diagnosesWithHcc(enc, ref).map((d) => [d.diagnosisId, d.display, d.label])).toEqual([
      ['dx1', 'E11.22', 'HCC 37'],
      ['dx2', 'N18.4', 'HCC 327'],
      ['dx4', 'I50.22', 'HCC 226'],
    ]);
    expect(diagnosesWithHcc(enc, codesOnly)).toEqual([]);
  });
});
