import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { EncounterRevision } from '../../core/coding/encounter';
import type { Bundle, Claim, Condition, Provenance, Task } from '../../core/fhir/types';
import type { BillingServer } from '../../server/billing-server';
import { bundleOf, claimsOf, client, revisionOf, rowCounts, serverForThisFile } from './billing-fixture';

/**
 * Pushing finished revisions: applied whole or not at all, a retry never a second claim, a
 * different bundle under a used key or identifier a conflict, a bad bundle rejected with every
 * problem named and nothing stored, and a corrected revision replacing its claim with the old
 * one kept in history.
 */
const running = serverForThisFile();
let server: BillingServer;
beforeAll(() => {
  server = running();
});

const entryOf = (bundle: Bundle, type: string) => bundle.entry!.findIndex((e) => e.resource!.resourceType === type);
const resourceOf = <R>(bundle: Bundle, type: string) => bundle.entry![entryOf(bundle, type)].resource as R;

describe('transaction apply', () => {
  it('stores a revision and answers with each entry\'s status and location', async () => {
    const bundle = bundleOf(revisionOf('enc-0002'));
    const before = rowCounts(server);
    const r = await client(server).push(bundle, 'apply-enc-0002');
    expect(r.status).toBe(200);
    expect(r.headers.get('idempotency-replayed')).toBeNull();
    expect(r.body).toMatchObject({ resourceType: 'Bundle', type: 'transaction-response' });
    const statuses = r.body.entry!.map((e) => [e.response!.status, e.response!.location!.replace(/[0-9a-f-]{36}/, '<id>')]);
    expect(statuses).toEqual([
      ['200 OK', 'Encounter/enc-0002/_history/2'],
      ...Array(5).fill(['201 Created', 'Condition/<id>/_history/1']),
      ['201 Created', 'Claim/<id>/_history/1'],
      ['201 Created', 'Provenance/<id>/_history/1'],
      ['200 OK', 'Task/enc-0002/_history/2'],
    ]);
    const after = rowCounts(server);
    expect(after.resources - before.resources).toBe(7);
    expect(after.identifiers - before.identifiers).toBe(7);

    // Stored with server ids, the bundle's urn:uuid references resolved to them.
    const claimId = r.body.entry![6].response!.location!.split('/')[1];
    const claim = (await client(server).get(`Claim/${claimId}`)).body as unknown as Claim;
    expect(claim).toMatchObject({ status: 'active', identifier: [{ value: 'enc-0002/r1/claim' }] });
    const conditionIds = r.body.entry!.slice(1, 6).map((e) => `Condition/${e.response!.location!.split('/')[1]}`);
    expect(claim.diagnosis!.map((d) => d.diagnosisReference!.reference)).toEqual(conditionIds);
    const condition = (await client(server).get(conditionIds[0])).body as unknown as Condition;
    expect(condition.code!.coding![0]).toMatchObject({ code: 'E11.22', version: 'FY2026' });
    const provenanceId = r.body.entry![7].response!.location!.split('/')[1];
    const provenance = (await client(server).get(`Provenance/${provenanceId}`)).body as unknown as Provenance;
    expect(provenance.target.map((t) => t.reference)).toEqual(['Encounter/enc-0002', ...conditionIds, `Claim/${claimId}`]);
    expect(((await client(server).get('Task/enc-0002')).body as unknown as Task).status).toBe('completed');
  });

  it('applies all or nothing: a failure while storing the Provenance leaves no Encounter, Condition or Claim behind', async () => {
    const bundle = bundleOf(revisionOf('enc-0009'));
    const before = rowCounts(server);
    // The database refuses the fifth write of the transaction, as a full disk would.
    server.db.exec("CREATE TEMP TRIGGER fail_provenance BEFORE INSERT ON resource_history WHEN NEW.type = 'Provenance' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const failed = await client(server).push(bundle, 'atomic-enc-0009');
      expect(failed.status).toBe(500);
      expect(failed.body.issue![0]).toMatchObject({ code: 'exception', diagnostics: expect.stringContaining('nothing of a failed transaction was stored') });
    } finally {
      quiet.mockRestore();
      server.db.exec('DROP TRIGGER fail_provenance');
    }
    expect(rowCounts(server)).toEqual(before);
    expect(server.store.get('Encounter', 'enc-0009')!.meta!.versionId).toBe('1');
    // The key was not spent: the retry applies the bundle once.
    const retry = await client(server).push(bundle, 'atomic-enc-0009');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotency-replayed')).toBeNull();
    expect(claimsOf(server, 'enc-0009')).toHaveLength(1);
  });

  it('answers a retry with the same Idempotency-Key and body with the original response, storing nothing twice', async () => {
    const bundle = bundleOf(revisionOf('enc-0006'));
    const c = client(server);
    const original = await c.push(bundle, 'retry-enc-0006');
    expect(original.status).toBe(200);
    const before = rowCounts(server);
    const retry = await c.push(bundle, 'retry-enc-0006');
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotency-replayed')).toBe('true');
    expect(retry.text).toBe(original.text);
    // The same content with its keys in another order and other whitespace is the same body.
    const reordered = JSON.stringify(JSON.parse(JSON.stringify(bundle), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)), null, 2);
    const again = await c.push(reordered, 'retry-enc-0006');
    expect(again.text).toBe(original.text);
    expect(rowCounts(server)).toEqual(before);
    expect(claimsOf(server, 'enc-0006')).toHaveLength(1);
  });

  it('treats the same bundle under a new key (a client that lost its key) as applied: the original result, no second claim', async () => {
    const bundle = bundleOf(revisionOf('enc-0007'));
    const c = client(server);
    const original = await c.push(bundle, 'first-key');
    const before = rowCounts(server);
    const lost = await c.push(bundle, 'second-key');
    expect(lost.status).toBe(200);
    expect(lost.headers.get('idempotency-replayed')).toBe('true');
    expect(lost.text).toBe(original.text);
    expect(rowCounts(server)).toEqual({ ...before, idempotency_keys: before.idempotency_keys + 1 });
    expect(claimsOf(server, 'enc-0007')).toHaveLength(1);
  });

  it('refuses a different body under a used key, and a different bundle under used identifiers: 409 naming the key or each identifier', async () => {
    const c = client(server);
    const revision = revisionOf('enc-0008');
    expect((await c.push(bundleOf(revision), 'key-enc-0008')).status).toBe(200);
    const before = rowCounts(server);

    const changed: EncounterRevision = structuredClone(revision);
    changed.encounter.coding.procedures[0].units = 2;
    const sameKey = await c.push(bundleOf(changed), 'key-enc-0008');
    expect(sameKey.status).toBe(409);
    expect(sameKey.body.issue).toEqual([{ severity: 'error', code: 'conflict', diagnostics: expect.stringContaining('Idempotency-Key key-enc-0008 was already used for a different bundle') }]);

    const newKey = await c.push(bundleOf(changed), 'key-enc-0008-b');
    expect(newKey.status).toBe(409);
    expect(newKey.body.issue!.map((i) => i.code)).toEqual(['conflict', 'conflict', 'conflict']);
    expect(newKey.body.issue![1]).toMatchObject({ diagnostics: expect.stringContaining('identifier enc-0008/r1/claim was already used by a different bundle'), expression: ['Bundle.entry[2].resource.identifier'] });
    expect(newKey.body.issue![0].diagnostics).toContain('identifier enc-0008/r1/dx-1 is already stored');
    expect(rowCounts(server)).toEqual(before);
    expect(claimsOf(server, 'enc-0008')).toEqual([expect.objectContaining({ status: 'active', identifier: 'enc-0008/r1/claim' })]);
  });
});

describe('invalid bundles', () => {
  /** Push, expect the status and that nothing at all was stored; returns the issues. */
  async function rejected(body: unknown, status: number, key = `bad-${Math.random()}`) {
    const before = rowCounts(server);
    const r = await client(server).push(body, key);
    expect(r.status, r.text).toBe(status);
    expect(r.body.resourceType).toBe('OperationOutcome');
    expect(rowCounts(server)).toEqual(before);
    return r.body.issue!;
  }
  const fresh = () => bundleOf(revisionOf('enc-0010'));

  it('not JSON, or not a Bundle: 400', async () => {
    expect(await rejected('{"resourceType": "Bundle", "type": "transac', 400)).toEqual([{ severity: 'error', code: 'structure', diagnostics: expect.stringContaining('the body is not JSON'), expression: ['Bundle'] }]);
    expect((await rejected({ resourceType: 'Patient' }, 400))[0].diagnostics).toContain('expected a FHIR Bundle, got resourceType "Patient"');
    expect((await rejected([1, 2], 400))[0].diagnostics).toContain('a JSON array');
  });

  it('not a transaction, or an entry of a resource type a revision does not hold: 422 naming the element', async () => {
    const batch = { ...fresh(), type: 'batch' };
    expect(await rejected(batch, 422)).toEqual([expect.objectContaining({ code: 'value', expression: ['Bundle.type'] })]);
    const wrong = fresh();
    const at = entryOf(wrong, 'Provenance');
    wrong.entry![at].resource = { resourceType: 'Patient', id: 'x' };
    const issues = await rejected(wrong, 422);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'not-supported', diagnostics: expect.stringContaining('Patient is not part of a revision bundle'), expression: [`Bundle.entry[${at}].resource.resourceType`] }));
    expect(issues).toContainEqual(expect.objectContaining({ code: 'structure', diagnostics: 'a revision bundle holds one Provenance, this one 0' }));
  });

  it('a reference that resolves neither in the bundle nor on the server: 422 naming it', async () => {
    const b = fresh();
    (b.entry![1].resource as Condition).encounter = { reference: 'Encounter/enc-9999' };
    const claimAt = entryOf(b, 'Claim');
    resourceOf<Claim>(b, 'Claim').diagnosis![1].diagnosisReference = { reference: 'urn:uuid:00000000-0000-4000-8000-000000000000' };
    const provenance = resourceOf<Provenance>(b, 'Provenance');
    provenance.entity![0].what.reference = 'DocumentReference/enc-0010-doc-1/_history/7';
    const issues = await rejected(b, 422);
    expect(issues.map((i) => [i.code, i.expression![0]])).toEqual([
      ['not-found', 'Bundle.entry[1].resource.encounter'],
      ['not-found', `Bundle.entry[${claimAt}].resource.diagnosis[1].diagnosisReference`],
      ['not-found', `Bundle.entry[${entryOf(b, 'Provenance')}].resource.entity[0].what`],
    ]);
    expect(issues[0].diagnostics).toBe('Encounter/enc-9999 does not exist on this server');
    // Another encounter's note is refused too: evidence must come from this encounter's notes.
    const other = fresh();
    resourceOf<Provenance>(other, 'Provenance').entity![0].what.reference = 'DocumentReference/enc-0001-doc-1';
    expect(await rejected(other, 422)).toEqual([expect.objectContaining({ code: 'business-rule', diagnostics: 'DocumentReference/enc-0001-doc-1 is not a note of Encounter/enc-0010' })]);
  });

  it('an unknown code, a header code, a code with the wrong release, an unknown modifier and zero units: 422 naming each', async () => {
    const b = fresh();
    (b.entry![1].resource as Condition).code!.coding![0].code = 'ZZZ.99';
    (b.entry![2].resource as Condition).code!.coding![0].code = 'K21';
    (b.entry![3].resource as Condition).code!.coding![0].version = 'FY2027';
    const claim = resourceOf<Claim>(b, 'Claim');
    claim.item![0].productOrService!.coding![0].code = '00000';
    claim.item![0].modifier = [{ coding: [{ system: 'urn:oid:2.16.840.1.113883.6.285', code: 'ZZ' }] }];
    claim.item![0].quantity = { value: 0 };
    const issues = await rejected(b, 422);
    const claimAt = entryOf(b, 'Claim');
    expect(issues.map((i) => [i.code, i.expression![0], i.diagnostics])).toEqual([
      ['code-invalid', 'Bundle.entry[1].resource.code.coding[0].code', 'ZZZ.99 is not an ICD-10-CM code: it is in no release installed on this server (FY2026 is in effect on 2026-07-21)'],
      ['code-invalid', 'Bundle.entry[2].resource.code.coding[0].code', 'K21 is a header in ICD-10-CM FY2026, not a code valid for claims: it needs more characters'],
      ['code-invalid', 'Bundle.entry[3].resource.code.coding[0].version', 'ICD-10-CM FY2027 is not the release in effect on 2026-07-21 (FY2026)'],
      ['code-invalid', `Bundle.entry[${claimAt}].resource.item[0].productOrService.coding[0].code`, expect.stringContaining('00000 is not a CPT code')],
      ['code-invalid', `Bundle.entry[${claimAt}].resource.item[0].modifier[0].coding[0].code`, 'ZZ is not a HCPCS Level II modifier: it is in no release installed on this server (2025-10 is in effect on 2026-07-21)'],
      ['value', `Bundle.entry[${claimAt}].resource.item[0].quantity.value`, 'units must be a positive whole number, not 0'],
    ]);
  });

  it('a code not valid in the release in effect on the date of service (C78.31 on 2026-09-15, new in FY2027): 422', async () => {
    const revision = revisionOf('enc-0010');
    revision.encounter.dateOfService = '2026-09-15';
    for (const line of revision.encounter.coding.procedures) line.date = '2026-09-15';
    revision.encounter.coding.diagnoses[0].code = 'C7831';
    const issues = await rejected(bundleOf(revision), 422);
    expect(issues).toEqual([
      {
        severity: 'error',
        code: 'code-invalid',
        diagnostics: 'C78.31 is not valid on 2026-09-15: ICD-10-CM FY2026 is in effect then, and it is valid in ICD-10-CM FY2027',
        expression: ['Bundle.entry[1].resource.code.coding[0].code'],
      },
    ]);
    // The same code a month later is fine: the release follows the date of service.
    const october = revisionOf('enc-0024');
    october.encounter.coding.diagnoses[0].code = 'C7831';
    expect((await client(server).push(bundleOf(october), 'c7831-october')).status).toBe(200);
  });

  it('wrong requests and identifiers: the method, a missing identifier or ifNoneExist, another encounter\'s identifiers', async () => {
    const b = fresh();
    b.entry![0].request = { method: 'POST', url: 'Encounter/enc-0010' };
    delete b.entry![1].request!.ifNoneExist;
    b.entry![2].resource!.identifier = [];
    (b.entry![3].resource!.identifier as { value: string }[])[0].value = 'enc-0001/r1/dx-3';
    const issues = await rejected(b, 422);
    expect(issues.map((i) => i.expression![0])).toEqual(['Bundle.entry[0].request.method', 'Bundle.entry[1].request.ifNoneExist', 'Bundle.entry[2].resource.identifier', 'Bundle.entry[3].request.ifNoneExist', 'Bundle.entry[3].resource.identifier']);
    expect(issues.at(-1)!.diagnostics).toBe('identifier enc-0001/r1/dx-3 belongs to encounter enc-0001, not enc-0010');
  });
});

describe('corrected revisions', () => {
  it('replace the earlier claim, which stays in history as cancelled', async () => {
    const c = client(server);
    const first = revisionOf('enc-0011', 1);
    expect((await c.push(bundleOf(first), 'enc-0011-r1')).status).toBe(200);
    const second = revisionOf('enc-0011', 2);
    second.encounter.coding.diagnoses.reverse();
    const r = await c.push(bundleOf(second), 'enc-0011-r2');
    expect(r.status).toBe(200);

    const claims = await c.get('Claim?encounter=Encounter/enc-0011');
    const byIdentifier = Object.fromEntries(claims.body.entry!.map((e) => [(e.resource as Claim).identifier![0].value, e.resource as Claim]));
    expect(claims.body.total).toBe(2);
    expect(byIdentifier['enc-0011/r1/claim'].status).toBe('cancelled');
    expect(byIdentifier['enc-0011/r2/claim']).toMatchObject({ status: 'active', related: [{ claim: { identifier: { value: 'enc-0011/r1/claim' } } }] });
    expect((await c.get('Claim?encounter=Encounter/enc-0011&status=active')).body.total).toBe(1);
    const byId = await c.get(`Claim?identifier=${encodeURIComponent('urn:coder-workstation:id|enc-0011/r2/claim')}`);
    expect(byId.body.entry!.map((e) => e.resource!.id)).toEqual([byIdentifier['enc-0011/r2/claim'].id]);

    const history = await c.get(`Claim/${byIdentifier['enc-0011/r1/claim'].id}/_history`);
    expect(history.body.entry!.map((e) => [e.resource!.meta!.versionId, (e.resource as Claim).status])).toEqual([
      ['2', 'cancelled'],
      ['1', 'active'],
    ]);
    const v1 = await c.get(`Claim/${byIdentifier['enc-0011/r1/claim'].id}/_history/1`);
    expect((v1.body as unknown as Claim).status).toBe('active');
    // The encounter's own history: as seeded, as coded in r1, as corrected in r2.
    expect((await c.get('Encounter/enc-0011/_history')).body.total).toBe(3);
    // Revision 1's diagnoses are still there, as its (cancelled) claim references them.
    for (const d of byIdentifier['enc-0011/r1/claim'].diagnosis!) expect((await c.get(d.diagnosisReference!.reference!)).status).toBe(200);
  });

  it('cannot be undone by an older revision arriving late', async () => {
    const c = client(server);
    expect((await c.push(bundleOf(revisionOf('enc-0013', 2)), 'enc-0013-r2')).status).toBe(200);
    const before = rowCounts(server);
    const late = await c.push(bundleOf(revisionOf('enc-0013', 1)), 'enc-0013-r1');
    expect(late.status).toBe(409);
    expect(late.body.issue![0].diagnostics).toBe('revision 2 of enc-0013 (enc-0013/r2/claim) is already applied; revision 1 cannot replace it');
    expect(rowCounts(server)).toEqual(before);
  });
});
