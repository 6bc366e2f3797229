import { beforeAll, describe, expect, it } from 'vitest';
import { sampleEncounters } from '../core/fhir/coded-samples';
import { base64ToText } from '../../core/fhir/base64-text';
import type { Bundle, DocumentReference, FhirEncounter, Resource } from '../../core/fhir/types';
import { worklistBundleToEncounters, worklistQuery } from '../../core/fhir/worklist';
import type { BillingServer } from '../../server/billing-server';
import { reviseDocument } from '../../server/seed';
import { bundleOf, client, OTHER_TOKEN, revisionOf, serverForThisFile } from './billing-fixture';

/**
 * The worklist pull over HTTP from a freshly seeded server: the 37 sample encounters as ready
 * Tasks for demo.coder with everything a coder needs to code them, and the delta a
 * workstation asks for on every later pull (only what changed, a corrected note included).
 */
const running = serverForThisFile();
let server: BillingServer;
const samples = sampleEncounters();
beforeAll(() => {
  server = running();
});

const types = (bundle: Bundle, mode: 'match' | 'include') => (bundle.entry ?? []).filter((e) => e.search?.mode === mode).map((e) => e.resource!.resourceType);
const count = (list: string[], type: string) => list.filter((t) => t === type).length;

describe('worklist pull', () => {
  let first: Bundle;

  it('returns the seeded worklist: 37 ready Tasks with their Encounter, Patient and notes, and the server\'s instant', async () => {
    const r = await client(server).get(worklistQuery('demo.coder'));
    expect(r.status).toBe(200);
    first = r.body as unknown as Bundle;
    expect(first).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 37 });
    expect(types(first, 'match')).toEqual(Array(37).fill('Task'));
    const included = types(first, 'include');
    expect([count(included, 'Encounter'), count(included, 'Patient'), count(included, 'DocumentReference')]).toEqual([37, 37, 55]);
    expect(Date.parse(first.meta!.lastUpdated!)).toBeGreaterThan(Date.now() - 60_000);
    for (const e of first.entry!) expect(e.fullUrl).toBe(`${server.url}/${e.resource!.resourceType}/${e.resource!.id}`);

    const note = first.entry!.find((e) => e.resource!.id === 'enc-0020-doc-1')!.resource as DocumentReference;
    expect(note.meta).toMatchObject({ versionId: '1' });
    expect(note.content[0].attachment.contentType).toBe('text/plain; charset=utf-8');
    expect(base64ToText(note.content[0].attachment.data!)).toBe(samples[19].documents[0].text);
  });

  it('reads as the workstation\'s encounters, oldest first, each with its notes at version 1', () => {
    const encounters = worklistBundleToEncounters(first, 'demo.coder');
    expect(encounters.map((e) => e.id)).toEqual(samples.map((s) => s.id));
    for (const [i, e] of encounters.entries()) {
      const s = samples[i];
      expect(e).toMatchObject({ status: 'to-do', revision: 1, assignedTo: 'demo.coder', visit: s.visit, patient: s.patient, dateOfService: s.dateOfService, setting: s.setting, provider: s.provider });
      expect(e.dischargeDate).toBe(s.dischargeDate);
      expect(e.documents).toEqual(s.documents.map((d) => ({ ...d, version: 1 })));
    }
  });

  it('sends only what changed since the last pull: nothing, then the Task whose note was corrected, with all it includes', async () => {
    const c = client(server);
    const nothing = await c.get(worklistQuery('demo.coder', first.meta!.lastUpdated));
    expect(nothing.body).toMatchObject({ total: 0 });
    expect(nothing.body.entry).toEqual([]);

    reviseDocument(server.store, 'enc-0003-doc-1', 'ADDENDUM: the provider corrected this note.');
    const delta = await c.get(worklistQuery('demo.coder', nothing.body.meta!.lastUpdated));
    const bundle = delta.body as unknown as Bundle;
    expect(bundle.total).toBe(1);
    expect(bundle.entry!.map((e) => `${e.resource!.resourceType}/${e.resource!.id}`)).toEqual([
      'Task/enc-0003',
      'Encounter/enc-0003',
      `Patient/${(bundle.entry![1].resource as FhirEncounter).subject!.reference!.split('/')[1]}`,
      ...samples[2].documents.map((d) => `DocumentReference/${d.id}`),
    ]);
    const [changed] = worklistBundleToEncounters(bundle, 'demo.coder');
    expect(changed.documents[0]).toMatchObject({ id: 'enc-0003-doc-1', version: 2, text: 'ADDENDUM: the provider corrected this note.' });

    // The instant handed out is never reused: a write right after a pull is in the next delta.
    const again = await c.get(worklistQuery('demo.coder', bundle.meta!.lastUpdated));
    reviseDocument(server.store, 'enc-0003-doc-1', 'ADDENDUM 2');
    expect((await c.get(worklistQuery('demo.coder', again.body.meta!.lastUpdated))).body.total).toBe(1);
    // ge includes the instant itself; an offset form of the same instant works too.
    const at = new Date(Date.parse(again.body.meta!.lastUpdated!) + 1).toISOString().replace('Z', '+00:00');
    expect((await c.get(`Task?owner=Practitioner/demo.coder&_lastUpdated=${encodeURIComponent(`ge${at}`)}`)).body.total).toBe(1);
  });

  it('drops a Task from the ready worklist once its revision is pushed', async () => {
    const c = client(server);
    const before = await c.get(worklistQuery('demo.coder'));
    expect((await c.push(bundleOf(revisionOf('enc-0004')), 'k-enc-0004')).status).toBe(200);
    const after = await c.get(worklistQuery('demo.coder'));
    expect(after.body.total).toBe(36);
    expect(after.body.entry!.some((e) => e.resource!.id === 'enc-0004')).toBe(false);
    expect((await c.get(worklistQuery('demo.coder', before.body.meta!.lastUpdated))).body.total).toBe(0);
    const completed = await c.get('Task?status=completed&_include=Task:focus');
    expect(completed.body.total).toBe(1);
    const encounter = completed.body.entry!.find((e) => e.resource!.resourceType === 'Encounter')!.resource as Resource & { diagnosis: { condition: { reference: string } }[] };
    expect(encounter.meta!.versionId).toBe('2');
    expect(encounter.diagnosis[0].condition.reference).toMatch(/^Condition\/[0-9a-f-]{36}$/);
  });

  it('gives another coder an empty worklist, and refuses unsupported search parameters by name', async () => {
    const other = await client(server, OTHER_TOKEN).get(worklistQuery('coder.two'));
    expect(other.body).toMatchObject({ total: 0, entry: [] });
    const c = client(server);
    for (const [query, named] of [
      ['Task?_count=10', '_count'],
      ['Task?_lastUpdated=yesterday', '_lastUpdated'],
      ['Task?status=maybe', 'status'],
      ['Task?_include=Task:owner', '_include'],
      ['Task?_revinclude=Provenance:target', '_revinclude'],
    ]) {
      const r = await c.get(query);
      expect(r.status, query).toBe(400);
      expect(r.body.issue![0].expression).toEqual([named]);
    }
  });
});
