import { z } from 'zod';
import type { Encounter } from './encounter';

/**
 * The sample encounters shipped for demo mode (resources/sample-encounters/encounters.json),
 * checked field by field: a bad file is refused with the encounter and field named, and
 * nothing of it is loaded. The answer key is for tests and training; it never reaches the
 * coder's screen.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');
const code = z.string().regex(/^[A-Z0-9]{3,7}$/, 'expected a code without dot, upper case');

const sampleEncounter = z.object({
  id: z.string().min(1),
  visit: z.string().min(1),
  patient: z.object({ mrn: z.string().min(1), name: z.string().min(1), birthDate: date, sex: z.enum(['female', 'male', 'unknown']) }),
  dateOfService: date,
  dischargeDate: date.optional(),
  setting: z.enum(['office', 'emergency', 'outpatient-surgery', 'inpatient', 'dme-supplier']),
  provider: z.object({ name: z.string().min(1), specialty: z.string().min(1), npi: z.string().regex(/^\d{10}$/).optional() }),
  documents: z.array(z.object({ id: z.string().min(1), title: z.string().min(1), author: z.string().min(1), date, text: z.string().min(1) })).min(1),
  answerKey: z.object({
    diagnoses: z.array(z.object({ code, poa: z.enum(['Y', 'N', 'U', 'W', '1']).optional(), evidence: z.string().optional() })),
    procedures: z.array(
      z.object({
        system: z.enum(['cpt', 'hcpcs', 'icd10pcs']),
        code,
        modifiers: z.array(z.string()).default([]),
        units: z.number().default(1),
        pointers: z.array(z.number().int().min(0)).default([]),
      }),
    ),
    rationale: z.string(),
  }),
});

export type SampleEncounter = z.infer<typeof sampleEncounter>;

/** Thrown for a sample file that does not match: `where` is "encounter 3 (enc-0003), documents.0.text". */
export class SampleDataError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    message: string,
  ) {
    super(`${file}: ${where}: ${message}`);
    this.name = 'SampleDataError';
  }
}

/** Read the sample file's parsed JSON; throws SampleDataError naming the first problem. */
export function readSampleEncounters(json: unknown, file = 'encounters.json'): SampleEncounter[] {
  if (!Array.isArray(json)) throw new SampleDataError(file, 'top level', 'expected an array of encounters');
  const seen = new Set<string>();
  return json.map((item, i) => {
    const parsed = sampleEncounter.safeParse(item);
    const label = `encounter ${i + 1}${typeof (item as { id?: unknown })?.id === 'string' ? ` (${(item as { id: string }).id})` : ''}`;
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SampleDataError(file, `${label}, ${issue.path.join('.') || 'record'}`, issue.message);
    }
    if (seen.has(parsed.data.id)) throw new SampleDataError(file, `${label}, id`, 'the id is used twice');
    seen.add(parsed.data.id);
    if (parsed.data.setting === 'inpatient' && !parsed.data.dischargeDate) throw new SampleDataError(file, `${label}, dischargeDate`, 'an inpatient stay needs its discharge date');
    return parsed.data;
  });
}

/** A sample as a fresh worklist item: assigned to the coder, nothing coded yet. */
export function encounterFromSample(sample: SampleEncounter, coder: string, receivedAt: string): Encounter {
  const encounter: Encounter = {
    id: sample.id,
    visit: sample.visit,
    patient: sample.patient,
    dateOfService: sample.dateOfService,
    setting: sample.setting,
    provider: sample.provider,
    documents: sample.documents.map((d) => ({ ...d, version: 1 })),
    status: 'to-do',
    revision: 1,
    coding: { diagnoses: [], procedures: [] },
    acknowledgements: [],
    assignedTo: coder,
    receivedAt,
    updatedAt: receivedAt,
  };
  if (sample.dischargeDate) encounter.dischargeDate = sample.dischargeDate;
  return encounter;
}
