import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CodeSystem, ReleaseMeta } from '../../core/codesets/types';
import { isInEffect } from '../../core/codesets/release-in-effect';
import { type Encounter, type EncounterRevision, codeSetDate } from '../../core/coding/encounter';
import { type SampleEncounter, encounterFromSample, readSampleEncounters } from '../../core/coding/sample-encounters';
import { type CodeSetVersions, revisionToBundle } from '../../core/fhir/revision-bundle';
import { type OutboxEntry, newOutboxEntry } from '../../core/sync/outbox';
import { answerKeyCoding } from '../core/fhir/coded-samples';

/**
 * Finished encounter revisions for the sync tests: the shipped sample encounters coded with
 * their answer keys (codes the billing server accepts on each encounter's own date), copied
 * under new ids so one server can hold hundreds of them, and mapped with core/fhir's
 * `revisionToBundle` exactly as the workstation does.
 */
const ROOT = resolve(import.meta.dirname, '../..');
export const CODER = 'demo.coder';

export function samples(): SampleEncounter[] {
  return readSampleEncounters(JSON.parse(readFileSync(resolve(ROOT, 'resources/sample-encounters/encounters.json'), 'utf8')));
}

/**
 * Samples whose answer keys this server can check: two inpatient stays are discharged after
 * 2026-09-30 and carry ICD-10-PCS codes, and no FY2027 PCS release is installed, so the
 * server rightly refuses them (422). They serve as the real rejection in the tests.
 */
export const UNCHECKABLE_SAMPLES = new Set(['enc-0020', 'enc-0032']);

export function acceptedSamples(): SampleEncounter[] {
  return samples().filter((s) => !UNCHECKABLE_SAMPLES.has(s.id));
}

/** The sample as a worklist item under `id`: its notes renamed with it, so copies never share a DocumentReference. */
export function encounterCopy(sample: SampleEncounter, id: string, receivedAt = '2026-06-01T08:00:00.000Z'): Encounter {
  const renamed: SampleEncounter = { ...sample, id, documents: sample.documents.map((d, i) => ({ ...d, id: `${id}-doc-${i + 1}` })) };
  return encounterFromSample(renamed, CODER, receivedAt);
}

/**
 * The encounter coded with the sample's answer key and frozen as revision `number`. A later
 * revision is a correction: the same codes, finished later, with the coder's acknowledgement
 * of why it was reopened (so its bundle differs and its claim replaces the earlier one).
 */
export function finishedRevision(sample: SampleEncounter, encounter: Encounter, number: number): EncounterRevision {
  const coded: Encounter = structuredClone(encounter);
  coded.coding = answerKeyCoding(sample, coded, 'diagnoses');
  const finishedAt = new Date(Date.UTC(2026, 11, 1, 9, 0, 0) + number * 3_600_000).toISOString();
  if (number > 1) coded.acknowledgements = [{ key: `reopened|${encounter.id}|r${number}`, message: `Reopened after a provider addendum (revision ${number})`, by: CODER, at: finishedAt }];
  coded.status = 'finished';
  coded.revision = number;
  return { encounterId: encounter.id, number, finishedAt, finishedBy: CODER, encounter: coded };
}

let manifest: ReleaseMeta[] | null = null;
function installedReleases(): ReleaseMeta[] {
  manifest ??= (JSON.parse(readFileSync(resolve(ROOT, 'resources/codesets/manifest.json'), 'utf8')) as { packs: { meta: ReleaseMeta }[] }).packs.map((p) => p.meta).filter((m) => m.content === 'codes');
  return manifest;
}

/** The release of each code system in effect for the encounter, as the workstation writes it into each coding. */
export function releasesFor(encounter: Encounter): CodeSetVersions {
  const out: CodeSetVersions = {};
  const pick = (system: CodeSystem, date: string) => {
    const meta = installedReleases().find((m) => m.system === system && isInEffect(m, date));
    if (meta) out[system] = meta.version;
  };
  pick('icd10cm', codeSetDate(encounter));
  pick('icd10pcs', codeSetDate(encounter));
  pick('hcpcs', encounter.dateOfService);
  return out;
}

export function bundleText(revision: EncounterRevision): string {
  return JSON.stringify(revisionToBundle(revision, { coder: CODER, releases: releasesFor(revision.encounter) }));
}

export interface PlannedRevision {
  sample: SampleEncounter;
  encounter: Encounter;
  revision: number;
}

/**
 * `count` finished revisions over copies of `pool`: encounter ids `<sample>-<tag><n>`, and
 * every `everyNth` encounter finished twice (revision 1, then revision 2 replacing it later in
 * the queue). Returned in finishing order.
 */
export function planRevisions(pool: SampleEncounter[], count: number, tag: string, everyNth = 4): PlannedRevision[] {
  const plan: PlannedRevision[] = [];
  // Corrections are finished a few encounters later, as a coder reopens after an addendum.
  const corrections: { due: number; planned: PlannedRevision }[] = [];
  for (let n = 0; plan.length < count; n++) {
    while (corrections.length && corrections[0].due <= n && plan.length < count) plan.push(corrections.shift()!.planned);
    if (plan.length >= count) break;
    const sample = pool[n % pool.length];
    const encounter = encounterCopy(sample, `${sample.id}-${tag}${n}`);
    plan.push({ sample, encounter, revision: 1 });
    if (n % everyNth === everyNth - 1) corrections.push({ due: n + 3, planned: { sample, encounter, revision: 2 } });
  }
  return plan;
}

/** The outbox entries of planned revisions, seq in plan order. */
export function outboxEntries(plan: PlannedRevision[], now = Date.now(), firstSeq = 1): OutboxEntry[] {
  return plan.map((p, i) => newOutboxEntry({ encounterId: p.encounter.id, revision: p.revision, seq: firstSeq + i, bundle: bundleText(finishedRevision(p.sample, p.encounter, p.revision)) }, now));
}

/** The distinct encounters of a plan, for the server's worklist. */
export function encountersOf(plan: PlannedRevision[]): Encounter[] {
  return [...new Map(plan.map((p) => [p.encounter.id, p.encounter])).values()];
}
