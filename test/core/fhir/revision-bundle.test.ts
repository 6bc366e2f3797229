import { describe, expect, it } from 'vitest';
import type { EncounterRevision } from '../../../core/coding/encounter';
import type { CodeOnDate, CodingReference } from '../../../core/coding/reference';
import { bundleToRevision, releaseVersions, revisionToBundle, RevisionBundleError, type RevisionBundleOptions } from '../../../core/fhir/revision-bundle';
import { CODE_SYSTEM_URI, EXTENSION, WORKSTATION_ID } from '../../../core/fhir/systems';
import type { Bundle, Claim, Condition, FhirEncounter, Provenance, Resource, Task } from '../../../core/fhir/types';
import { CODER, sampleEncounters, sampleRevision } from './coded-samples';

/**
 * A finished revision as the transaction Bundle the billing server receives, and back: the
 * 37 sample encounters coded with their answer keys (evidence, pointers, modifiers, units,
 * POA, acknowledged warnings). What a coder would notice: a code, pointer or acknowledgement
 * that did not reach the claim, or a retry that the server could not recognise as the same.
 */
const samples = sampleEncounters();
const OPTS: RevisionBundleOptions = { coder: CODER, releases: { icd10cm: 'FY2026', icd10pcs: 'FY2026', hcpcs: '2025-10', cpt: '2026' } };
const revisions = samples.map((s, i) => sampleRevision(s, i));
const byId = (id: string) => revisions[samples.findIndex((s) => s.id === id)];
const resources = <R extends Resource>(bundle: Bundle, type: string) => (bundle.entry ?? []).filter((e) => e.resource?.resourceType === type).map((e) => e.resource as R);

describe('revisionToBundle', () => {
  it('makes one transaction per revision: the Encounter (PUT), a Condition per diagnosis, the Claim, the Provenance (conditional creates) and the Task (PUT)', () => {
    for (const r of revisions) {
      const bundle = revisionToBundle(r, OPTS);
      const entries = bundle.entry!;
      const dx = r.encounter.coding.diagnoses.length;
      expect(bundle.type).toBe('transaction');
      expect(entries.map((e) => e.resource!.resourceType)).toEqual(['Encounter', ...Array(dx).fill('Condition'), 'Claim', 'Provenance', 'Task']);
      expect(entries[0].request).toEqual({ method: 'PUT', url: `Encounter/${r.encounterId}` });
      expect(entries.at(-1)!.request).toEqual({ method: 'PUT', url: `Task/${r.encounterId}` });
      const created = entries.filter((e) => e.request!.method === 'POST');
      expect(created.map((e) => e.resource!.identifier)).toEqual([
        ...Array.from({ length: dx }, (_, i) => [{ system: WORKSTATION_ID, value: `${r.encounterId}/r1/dx-${i + 1}` }]),
        [{ system: WORKSTATION_ID, value: `${r.encounterId}/r1/claim` }],
        [{ system: WORKSTATION_ID, value: `${r.encounterId}/r1/provenance` }],
      ]);
      for (const e of created) {
        const value = (e.resource!.identifier as { value: string }[])[0].value;
        expect(e.request).toEqual({ method: 'POST', url: e.resource!.resourceType, ifNoneExist: `identifier=${WORKSTATION_ID}|${value}` });
        expect(e.fullUrl).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      expect(new Set(created.map((e) => e.fullUrl)).size).toBe(created.length);
      const task = resources<Task>(bundle, 'Task')[0];
      expect(task).toMatchObject({ id: r.encounterId, status: 'completed', owner: { reference: `Practitioner/${CODER}` }, focus: { reference: `Encounter/${r.encounterId}` } });
    }
  });

  it('is deterministic: the same revision gives byte-identical JSON, a changed one does not', () => {
    for (const r of revisions) {
      const again = structuredClone(r);
      expect(JSON.stringify(revisionToBundle(again, OPTS))).toBe(JSON.stringify(revisionToBundle(r, OPTS)));
    }
    const r = byId('enc-0002');
    const changed = structuredClone(r);
    changed.encounter.coding.procedures[0].units = 2;
    expect(JSON.stringify(revisionToBundle(changed, OPTS))).not.toBe(JSON.stringify(revisionToBundle(r, OPTS)));
    // Another revision of the same encounter gets other identifiers and other fullUrls.
    const second = revisionToBundle(sampleRevision(samples[1], 1, 2), OPTS);
    const first = revisionToBundle(r, OPTS);
    expect(second.entry!.filter((e) => e.fullUrl).map((e) => e.fullUrl)).not.toContain(first.entry![1].fullUrl);
  });

  it('reads back to the same coding: codes, order, pointers, modifiers, units, dates, evidence, POA and acknowledgements', () => {
    for (const r of [...revisions, sampleRevision(samples[18], 18, 3)]) {
      const back = bundleToRevision(revisionToBundle(r, OPTS));
      expect(back.coding).toEqual(r.encounter.coding);
      expect(back.acknowledgements).toEqual(r.encounter.acknowledgements);
      expect(back).toMatchObject({ encounterId: r.encounterId, number: r.number, taskId: r.encounterId, finishedAt: r.finishedAt, finishedBy: r.finishedBy, claimIdentifier: `${r.encounterId}/r${r.number}/claim` });
    }
    // The samples do carry what the round trip is meant to prove.
    const all = revisions.flatMap((r) => [...r.encounter.coding.diagnoses, ...r.encounter.coding.procedures]);
    expect(all.filter((l) => l.evidence.length).length).toBeGreaterThan(100);
    expect(revisions.flatMap((r) => r.encounter.coding.procedures).filter((p) => p.modifiers.length).length).toBeGreaterThan(5);
    expect(revisions.flatMap((r) => r.encounter.coding.diagnoses).filter((d) => d.poa).length).toBeGreaterThan(10);
    expect(revisions.filter((r) => r.encounter.acknowledgements.length).length).toBe(13);
  });

  it('keeps what FHIR has no element for: ICD-10-PCS units, modifiers and pointers, a line without a date, mixed line order, a coder other than the author', () => {
    const r = structuredClone(byId('enc-0019'));
    r.encounter.coding.procedures[1] = { ...r.encounter.coding.procedures[1], units: 2, modifiers: ['XS'], pointers: ['dx1', 'dx2'], date: '' };
    r.encounter.coding.procedures.splice(1, 0, { id: 'cpt-line', system: 'cpt', code: '99223', modifiers: ['25'], units: 1, date: '2026-07-14', pointers: ['dx2'], evidence: [] });
    r.finishedBy = 'relief.coder';
    const back = bundleToRevision(revisionToBundle(r, OPTS));
    expect(back.coding).toEqual(r.encounter.coding);
    expect(back.finishedBy).toBe('relief.coder');
  });

  it('codes ICD-10-CM with the dot, its system and release; CPT and HCPCS on claim items with their modifiers; ICD-10-PCS in Claim.procedure', () => {
    const office = revisionToBundle(byId('enc-0012'), OPTS);
    const dx = resources<Condition>(office, 'Condition')[0];
    expect(dx.code!.coding![0]).toEqual({ system: 'http://hl7.org/fhir/sid/icd-10-cm', version: 'FY2026', code: 'J18.9' });
    const claim = resources<Claim>(office, 'Claim')[0];
    expect(claim.type!.coding![0].code).toBe('professional');
    expect(claim.procedure).toBeUndefined();
    const read = claim.item!.find((i) => i.modifier?.some((m) => m.coding![0].code === '26'))!;
    expect(read.productOrService!.coding![0].system).toBe(CODE_SYSTEM_URI.cpt);
    expect(read.modifier![0].coding![0]).toEqual({ system: CODE_SYSTEM_URI.cpt, code: '26' });
    expect(read).toMatchObject({ servicedDate: byId('enc-0012').encounter.dateOfService, quantity: { value: 1 }, encounter: [{ reference: 'Encounter/enc-0012' }] });

    const dme = resources<Claim>(revisionToBundle(byId('enc-0006'), OPTS), 'Claim')[0];
    const hcpcsItem = dme.item!.find((i) => i.productOrService!.coding![0].system === CODE_SYSTEM_URI.hcpcs)!;
    expect(hcpcsItem.productOrService!.coding![0].version).toBe('2025-10');
    expect(hcpcsItem.modifier!.every((m) => m.coding![0].system === CODE_SYSTEM_URI.hcpcs)).toBe(true);

    const stay = revisionToBundle(byId('enc-0019'), OPTS);
    const stayClaim = resources<Claim>(stay, 'Claim')[0];
    expect(stayClaim.type!.coding![0].code).toBe('institutional');
    expect(stayClaim.item).toBeUndefined();
    expect(stayClaim.procedure!.map((p) => p.procedureCodeableConcept!.coding![0])).toEqual([
      { system: CODE_SYSTEM_URI.icd10pcs, version: 'FY2026', code: '10E0XZZ' },
      { system: CODE_SYSTEM_URI.icd10pcs, version: 'FY2026', code: '0HQ9XZZ' },
    ]);
    expect(stayClaim.billablePeriod).toEqual({ start: byId('enc-0019').encounter.dateOfService, end: byId('enc-0019').encounter.dischargeDate });
    expect(stayClaim.diagnosis![0].type![0].coding![0].code).toBe('principal');
  });

  it('reports present on admission for inpatient stays only: the Condition extension, and Claim.diagnosis.onAdmission where an official code exists', () => {
    const stay = revisionToBundle(byId('enc-0019'), OPTS);
    const poa = resources<Condition>(stay, 'Condition').map((c) => c.extension!.find((x) => x.url === EXTENSION.presentOnAdmission)?.valueCode);
    expect(poa).toEqual(byId('enc-0019').encounter.coding.diagnoses.map((d) => d.poa));
    expect(poa).toContain('N');
    expect(poa).toContain('1');
    const claim = resources<Claim>(stay, 'Claim')[0];
    claim.diagnosis!.forEach((d, i) => {
      const value = poa[i];
      if (value === '1') expect(d.onAdmission).toBeUndefined();
      else expect(d.onAdmission!.coding![0].code).toBe(value!.toLowerCase());
    });
    const office = structuredClone(byId('enc-0001'));
    office.encounter.coding.diagnoses[0].poa = 'Y';
    const conditions = resources<Condition>(revisionToBundle(office, OPTS), 'Condition');
    expect(conditions.some((c) => c.extension!.some((x) => x.url === EXTENSION.presentOnAdmission))).toBe(false);
  });

  it('links everything inside the bundle: the claim to its Conditions, the Encounter to its diagnoses, the Provenance to what it records', () => {
    const bundle = revisionToBundle(byId('enc-0027'), OPTS);
    const conditionUrls = bundle.entry!.filter((e) => e.resource!.resourceType === 'Condition').map((e) => e.fullUrl);
    const claimEntry = bundle.entry!.find((e) => e.resource!.resourceType === 'Claim')!;
    const claim = claimEntry.resource as Claim;
    expect(claim.diagnosis!.map((d) => d.diagnosisReference!.reference)).toEqual(conditionUrls);
    expect(claim.diagnosis!.map((d) => d.sequence)).toEqual(conditionUrls.map((_, i) => i + 1));
    const encounter = resources<FhirEncounter>(bundle, 'Encounter')[0];
    expect(encounter.diagnosis!.map((d) => [d.condition.reference, d.rank])).toEqual(conditionUrls.map((u, i) => [u, i + 1]));
    const provenance = resources<Provenance>(bundle, 'Provenance')[0];
    expect(provenance.target.map((t) => t.reference)).toEqual(['Encounter/enc-0027', ...conditionUrls, claimEntry.fullUrl]);
    expect(provenance.agent[0].who.reference).toBe(`Practitioner/${CODER}`);
    // Evidence points at the version of the note the coder read.
    const ev = byId('enc-0027').encounter.coding.diagnoses[0].evidence[0];
    expect(provenance.entity![0].what.reference).toBe(`DocumentReference/${ev.documentId}/_history/1`);
    expect(resources<Task>(bundle, 'Task')[0].output![0].valueReference!.reference).toBe(claimEntry.fullUrl);
  });

  it('names the earlier claim in Claim.related from revision 2 on', () => {
    const first = resources<Claim>(revisionToBundle(sampleRevision(samples[4], 4, 1), OPTS), 'Claim')[0];
    expect(first.related).toBeUndefined();
    const second = revisionToBundle(sampleRevision(samples[4], 4, 2), OPTS);
    expect(resources<Claim>(second, 'Claim')[0].related).toEqual([
      { claim: { identifier: { system: WORKSTATION_ID, value: 'enc-0005/r1/claim' } }, relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship', code: 'prior' }] } },
    ]);
    expect(bundleToRevision(second).replaces).toBe('enc-0005/r1/claim');
  });

  it('refuses a pointer to no diagnosis (the edits block it before Finish) and a bundle that is not a revision', () => {
    const r: EncounterRevision = structuredClone(byId('enc-0002'));
    r.encounter.coding.procedures[0].pointers = ['?M'];
    expect(() => revisionToBundle(r, OPTS)).toThrow('points at ?M');
    expect(() => bundleToRevision({ resourceType: 'Bundle', type: 'searchset' })).toThrow(RevisionBundleError);
    const noClaim = revisionToBundle(byId('enc-0002'), OPTS);
    noClaim.entry = noClaim.entry!.filter((e) => e.resource!.resourceType !== 'Claim');
    expect(() => bundleToRevision(noClaim)).toThrow('expected one Claim, found 0');
  });
});

describe('releaseVersions', () => {
  it('names the release each code set was coded with, on the dates the edits use', () => {
    const asked: string[] = [];
    const release = (system: string, version: string) => ({ system, content: 'codes', version, effectiveFrom: '', effectiveTo: null, sources: [] }) as never;
    const reference: CodingReference = {
      codeOnDate(system, code, date): CodeOnDate {
        asked.push(`${system} ${code} ${date}`);
        if (system === 'cpt') return { status: 'no-release' };
        return { status: 'valid', title: '', release: release(system, system === 'icd10cm' ? (date >= '2026-10-01' ? 'FY2027' : 'FY2026') : system === 'hcpcs' ? '2025-10' : 'FY2026') };
      },
    };
    expect(releaseVersions(byId('enc-0020'), reference)).toEqual({ icd10cm: 'FY2027', icd10pcs: 'FY2026' });
    expect(asked[0]).toBe('icd10cm I5023 2026-10-03');
    expect(releaseVersions(byId('enc-0006'), reference)).toEqual({ icd10cm: 'FY2026', hcpcs: '2025-10' });
    expect(releaseVersions(byId('enc-0012'), reference)).toEqual({ icd10cm: expect.any(String) });
  });
});
