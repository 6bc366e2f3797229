import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCptFile } from '../../../../core/codesets/cpt-file';
import { runEdits } from '../../../../core/coding/edits';
import type { Encounter } from '../../../../core/coding/encounter';
import type { CodingReference } from '../../../../core/coding/reference';
import { encounterFromSample, readSampleEncounters, type SampleEncounter } from '../../../../core/coding/sample-encounters';
import { answerKeyCoding } from '../../fhir/coded-samples';
import { loadCodingFixture, loadEditData } from '../reference-fixture';

/**
 * The answer keys of the shipped sample encounters, coded by hand and checked against the
 * official files, must not trip an error: an edit that blocks a correct key is a false
 * positive a coder would meet on day one. With every data file installed, and the synthetic
 * CPT fixture as the CPT release (the only CPT list tests may use).
 */
const ENCOUNTERS_JSON = resolve(import.meta.dirname, '../../../../resources/sample-encounters/encounters.json');
const CPT_FIXTURE = resolve(import.meta.dirname, '../../../fixtures/cpt-synthetic-2026.txt');

/** Warnings the keys are expected to raise, each for a reason a coder acknowledges. */
const EXPECTED_WARNINGS: Record<string, string[]> = {
  // DME items supplied in the office: the practitioner MUE is 0 (billed on the supplier's claim).
  'enc-0014': ['mue-units|procedure:line2|L1906x1+2026-08-22', 'mue-units|procedure:line3|E0114x1+2026-08-22'],
  'enc-0024': ['mue-units|procedure:line2|L4397x1+2026-10-15'],
};

/**
 * Errors that are true for the installed data, not for the key: stays discharged after
 * 2026-09-30 need ICD-10-PCS FY2027, which no official file here provides, and the app says
 * so rather than check their PCS codes against FY2026.
 */
const EXPECTED_ERRORS: Record<string, string[]> = {
  'enc-0020': ['release-missing|encounter|icd10pcs+2026-10-03'],
  'enc-0032': ['release-missing|encounter|icd10pcs+2026-11-11'],
};

let ref: CodingReference;
let samples: SampleEncounter[];
beforeAll(async () => {
  const cpt = await parseCptFile({ name: 'cpt-synthetic-2026.txt', bytes: new Uint8Array(readFileSync(CPT_FIXTURE)) });
  ref = loadCodingFixture([cpt]).with(await loadEditData());
  samples = readSampleEncounters(JSON.parse(readFileSync(ENCOUNTERS_JSON, 'utf8')));
});

/** The sample with its answer key entered as the coder would: ids dx1.., line1.., pointers by position. */
function coded(sample: SampleEncounter): Encounter {
  const enc = encounterFromSample(sample, 'coder', '2026-06-01T08:00:00Z');
  enc.coding = answerKeyCoding(sample, enc, 'none');
  return enc;
}

describe('sample answer keys', () => {
  it('there are keys to check', () => {
    expect(samples.length).toBeGreaterThanOrEqual(30);
  });

  it('no answer key has an error (but the missing FY2027 PCS release); the warnings are the expected ones', () => {
    const problems: string[] = [];
    for (const sample of samples) {
      const findings = runEdits(coded(sample), ref);
      const expected = EXPECTED_ERRORS[sample.id] ?? [];
      for (const f of findings.filter((x) => x.severity === 'error' && !expected.includes(x.key))) problems.push(`${sample.id}: ${f.editId}: ${f.message}`);
      for (const key of expected) if (!findings.some((f) => f.key === key)) problems.push(`${sample.id}: expected ${key}`);
      const warnings = findings.filter((x) => x.severity === 'warning').map((x) => x.key);
      if (JSON.stringify(warnings) !== JSON.stringify(EXPECTED_WARNINGS[sample.id] ?? [])) problems.push(`${sample.id}: warnings ${JSON.stringify(warnings)}`);
    }
    expect(problems).toEqual([]);
  });
});
