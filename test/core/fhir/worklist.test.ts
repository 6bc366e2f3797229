import { describe, expect, it } from 'vitest';
import type { Encounter } from '../../../core/coding/encounter';
import { encounterFromSample } from '../../../core/coding/sample-encounters';
import { MRN_SYSTEM, NOTE_CONTENT_TYPE } from '../../../core/fhir/systems';
import type { Bundle, BundleEntry, DocumentReference, Resource } from '../../../core/fhir/types';
import { encounterToWorklistResources, patientIdForMrn, worklistBundleToEncounters, WorklistFormatError, worklistQuery } from '../../../core/fhir/worklist';
import { CODER, RECEIVED_AT, sampleEncounters } from './coded-samples';

/**
 * The worklist as FHIR and back: what the server seeds from an encounter must reach the
 * coder's worklist unchanged (patient, dates, setting, provider, every note's text and
 * version), or the coder codes from the wrong facts.
 */
const samples = sampleEncounters();
const encounters = samples.map((s) => encounterFromSample(s, CODER, RECEIVED_AT));

/** A searchset as the server answers a worklist pull: the Tasks, then what they include. */
function searchset(list: Encounter[]): Bundle {
  const matches: BundleEntry[] = [];
  const includes: BundleEntry[] = [];
  const seen = new Set<string>();
  const include = (r: Resource) => {
    if (seen.has(`${r.resourceType}/${r.id}`)) return;
    seen.add(`${r.resourceType}/${r.id}`);
    includes.push({ fullUrl: `http://server/${r.resourceType}/${r.id}`, resource: r, search: { mode: 'include' } });
  };
  for (const e of list) {
    const r = encounterToWorklistResources(e);
    matches.push({ fullUrl: `http://server/Task/${r.task.id}`, resource: r.task, search: { mode: 'match' } });
    include(r.encounter);
    include(r.patient);
    r.documents.forEach(include);
  }
  return { resourceType: 'Bundle', type: 'searchset', total: matches.length, entry: [...matches, ...includes] };
}

describe('worklist as FHIR', () => {
  it('gives the workstation back every sample encounter as the server seeded it', () => {
    const pulled = worklistBundleToEncounters(searchset(encounters), CODER);
    expect(pulled).toEqual(encounters);
    expect(pulled.filter((e) => e.dischargeDate)).toHaveLength(4);
    expect(pulled.flatMap((e) => e.documents)).toHaveLength(55);
  });

  it('carries notes as UTF-8 text/plain attachments, and a note version from meta.versionId', () => {
    const e = structuredClone(encounters[0]);
    e.documents[0].text = 'Temp 38.2 °C — pt états “fine” 😀\r\nline two';
    e.documents[0].version = 3;
    const r = encounterToWorklistResources(e);
    expect(r.documents[0].content[0].attachment).toMatchObject({ contentType: NOTE_CONTENT_TYPE, data: Buffer.from(e.documents[0].text, 'utf8').toString('base64') });
    const [back] = worklistBundleToEncounters(searchset([e]), CODER);
    expect(back.documents[0]).toEqual(e.documents[0]);
  });

  it('links the worklist the way the server stores it: Task focus, owner and patient; the Patient by MRN; notes by encounter', () => {
    const e = encounters[19];
    const r = encounterToWorklistResources(e);
    expect(r.task).toMatchObject({ id: e.id, status: 'ready', intent: 'order', focus: { reference: `Encounter/${e.id}` }, owner: { reference: `Practitioner/${CODER}` }, for: { reference: `Patient/${r.patient.id}` } });
    expect(r.patient.id).toBe(patientIdForMrn(e.patient.mrn));
    expect(r.patient.identifier![0]).toMatchObject({ system: MRN_SYSTEM, value: e.patient.mrn });
    expect(r.encounter).toMatchObject({ class: { code: 'IMP' }, period: { start: e.dateOfService, end: e.dischargeDate }, subject: { reference: `Patient/${r.patient.id}` } });
    expect(r.documents.every((d) => d.context!.encounter![0].reference === `Encounter/${e.id}`)).toBe(true);
    expect(patientIdForMrn('MRN 10/23')).toBe('pat-mrn-10-23');
  });

  it('leaves out other coders\' Tasks and names the entry when an included resource is missing', () => {
    const mine = encounters.slice(0, 2);
    const theirs = { ...encounters[2], assignedTo: 'coder.two' };
    expect(worklistBundleToEncounters(searchset([...mine, theirs]), CODER).map((e) => e.id)).toEqual(['enc-0001', 'enc-0002']);
    const bundle = searchset(mine);
    bundle.entry = bundle.entry!.filter((e) => e.resource!.resourceType !== 'Encounter' || e.resource!.id !== 'enc-0002');
    expect(() => worklistBundleToEncounters(bundle, CODER)).toThrow(WorklistFormatError);
    expect(() => worklistBundleToEncounters(bundle, CODER)).toThrow('Bundle.entry[1] (Task/enc-0002): its focus Encounter/enc-0002 is not in the bundle');
    const badNote = searchset(mine);
    const doc = badNote.entry!.find((e) => e.resource!.resourceType === 'DocumentReference')!.resource as DocumentReference;
    doc.content[0].attachment.data = '%%%';
    expect(() => worklistBundleToEncounters(badNote, CODER)).toThrow('is not base64 of UTF-8 text');
  });

  it('asks for the worklist the way the contract says, with the previous pull\'s instant for a delta', () => {
    expect(worklistQuery('demo.coder')).toBe(
      'Task?owner=Practitioner%2Fdemo.coder&status=ready%2Cin-progress&_include=Task%3Afocus&_include=Encounter%3Asubject&_revinclude=DocumentReference%3Aencounter',
    );
    const q = new URLSearchParams(worklistQuery('demo.coder', '2026-11-01T10:00:00.000+00:00').split('?')[1]);
    expect(q.get('_lastUpdated')).toBe('gt2026-11-01T10:00:00.000+00:00');
  });
});
