import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Encounter, EncounterCoding, EncounterRevision, Evidence } from '../../../core/coding/encounter';
import { encounterFromSample, readSampleEncounters, type SampleEncounter } from '../../../core/coding/sample-encounters';

/**
 * The shipped sample encounters coded with their answer keys, as a coder would finish them:
 * diagnoses dx1.., lines line1.., pointers by position, each key's evidence linked to its span
 * in the notes, the first line's evidence too, and one acknowledged warning on every third
 * encounter. Shared by the FHIR mapping tests and the billing server tests.
 */
export const ENCOUNTERS_JSON = resolve(import.meta.dirname, '../../../resources/sample-encounters/encounters.json');

export const CODER = 'demo.coder';
export const RECEIVED_AT = '2026-06-01T08:00:00.000Z';

export function sampleEncounters(): SampleEncounter[] {
  return readSampleEncounters(JSON.parse(readFileSync(ENCOUNTERS_JSON, 'utf8')));
}

export function evidenceFor(encounter: Encounter, text: string | undefined): Evidence[] {
  if (!text) return [];
  for (const d of encounter.documents) {
    const start = d.text.indexOf(text);
    if (start >= 0) return [{ documentId: d.id, start, end: start + text.length, text }];
  }
  return [];
}

/**
 * The sample's answer key entered as a coder would: ids dx1.., line1.., pointers by position.
 * Evidence: none, each diagnosis's key span, or that and the first line citing the first
 * diagnosis's span too (spans may support several codes).
 */
export function answerKeyCoding(sample: SampleEncounter, enc: Encounter, evidence: 'none' | 'diagnoses' | 'diagnoses-and-first-line'): EncounterCoding {
  return {
    diagnoses: sample.answerKey.diagnoses.map((d, i) => ({ id: `dx${i + 1}`, code: d.code, evidence: evidence === 'none' ? [] : evidenceFor(enc, d.evidence), ...(d.poa ? { poa: d.poa } : {}) })),
    procedures: sample.answerKey.procedures.map((p, i) => ({
      id: `line${i + 1}`,
      system: p.system,
      code: p.code,
      modifiers: p.modifiers,
      units: p.units,
      date: enc.dateOfService,
      pointers: p.pointers.map((n) => `dx${n + 1}`),
      evidence: i === 0 && evidence === 'diagnoses-and-first-line' ? evidenceFor(enc, sample.answerKey.diagnoses[0]?.evidence) : [],
    })),
  };
}

/** The sample coded with its answer key (revision 1, nothing synced yet). */
export function codedEncounter(sample: SampleEncounter, index = 0): Encounter {
  const enc = encounterFromSample(sample, CODER, RECEIVED_AT);
  enc.coding = answerKeyCoding(sample, enc, 'diagnoses-and-first-line');
  if (index % 3 === 0) enc.acknowledgements = [{ key: `sample-warning|encounter|${sample.id}`, message: `A warning the coder accepted on ${sample.id}`, by: CODER, at: '2026-11-01T10:00:00.000Z' }];
  return enc;
}

/** The coded sample frozen as revision `number`. */
export function sampleRevision(sample: SampleEncounter, index = 0, number = 1): EncounterRevision {
  const encounter = { ...codedEncounter(sample, index), status: 'finished' as const, revision: number };
  return { encounterId: sample.id, number, finishedAt: `2026-11-0${Math.min(9, number)}T12:00:00.000Z`, finishedBy: CODER, encounter };
}
