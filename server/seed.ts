import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Encounter } from '../core/coding/encounter';
import { encounterFromSample, readSampleEncounters } from '../core/coding/sample-encounters';
import { encounterToWorklistResources } from '../core/fhir/worklist';
import type { Practitioner } from '../core/fhir/types';
import type { ResourceStore } from './store';

/**
 * The demo worklist: on the first start of an empty database, the shipped sample encounters
 * become ready Tasks for the demo coder, with their Encounter, Patient and notes. A
 * `seeded_at` marker, written in the same transaction, makes it happen once: a restart, or a
 * database whose Tasks were all completed, is never seeded again.
 */
export const SAMPLE_ENCOUNTERS_FILE = resolve(import.meta.dirname, '../resources/sample-encounters/encounters.json');

/** The workstation's demo coder (renderer/encounters/coder.ts), who owns the demo worklist. */
export const DEMO_CODER = 'demo.coder';

/** The sample encounters as worklist items for `owner`, received over the last days so the worklist's age column means something. */
export function sampleWorklist(owner: string = DEMO_CODER, now = Date.now()): Encounter[] {
  const samples = readSampleEncounters(JSON.parse(readFileSync(SAMPLE_ENCOUNTERS_FILE, 'utf8')), SAMPLE_ENCOUNTERS_FILE);
  return samples.map((s, i) => encounterFromSample(s, owner, new Date(now - (samples.length - i) * 3 * 3_600_000).toISOString()));
}

/** Store encounters as worklist items (Task ready, Encounter, Patient, DocumentReferences), in one transaction. */
export function addToWorklist(store: ResourceStore, encounters: Encounter[]): void {
  store.transaction(() => {
    const at = store.now();
    for (const e of encounters) {
      const r = encounterToWorklistResources(e);
      if (!store.get('Patient', r.patient.id!)) store.put(r.patient, at);
      store.put(r.encounter, at);
      for (const d of r.documents) store.put({ ...d, meta: undefined }, at);
      store.put(r.task, at);
    }
  });
}

/** Seed the worklist once; true when it was seeded now. */
export function seedOnce(store: ResourceStore, encounters: () => Encounter[]): boolean {
  if (store.getMeta('seeded_at') !== null) return false;
  const list = encounters();
  store.transaction(() => {
    addToWorklist(store, list);
    store.setMeta('seeded_at', store.now());
    store.setMeta('seeded_count', String(list.length));
  });
  return true;
}

/** A Practitioner for every coder with a token, so references to them resolve. */
export function ensurePractitioners(store: ResourceStore, coders: string[]): void {
  store.transaction(() => {
    for (const coder of coders) {
      if (store.get('Practitioner', coder)) continue;
      const p: Practitioner = { resourceType: 'Practitioner', id: coder, identifier: [{ system: 'urn:coder-workstation:coder', value: coder }], name: [{ text: coder }] };
      store.put(p, store.now());
    }
  });
}

/** Replace a note's text (a provider's addendum): a new DocumentReference version, so the next pull flags it. For tests and demos. */
export function reviseDocument(store: ResourceStore, id: string, text: string): void {
  const doc = store.get('DocumentReference', id);
  if (!doc) throw new Error(`no DocumentReference/${id}`);
  const content = (doc.content as { attachment: Record<string, unknown> }[]).map((c, i) => (i === 0 ? { attachment: { ...c.attachment, data: Buffer.from(text, 'utf8').toString('base64') } } : c));
  store.transaction(() => store.put({ ...doc, content }, store.now()));
}
