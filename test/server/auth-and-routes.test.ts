import { beforeAll, describe, expect, it } from 'vitest';
import type { BillingServer } from '../../server/billing-server';
import { bundleOf, client, DEMO_TOKEN, OTHER_CODER, OTHER_TOKEN, revisionOf, rowCounts, serverForThisFile } from './billing-fixture';

/**
 * Who may ask what: /health and /metadata for anyone, everything else for a signed-in coder,
 * and a coder only for their own Tasks. A wrong answer here is another coder's patient on
 * screen, or a coder who cannot tell "sign in again" from "the server is down".
 */
const running = serverForThisFile();
let server: BillingServer;
beforeAll(() => {
  server = running();
});

describe('billing server: open routes', () => {
  it('answers /health without a token, with nothing but its status', async () => {
    const r = await client(server, null).get('health');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(r.body).toEqual({ status: 'ok' });
  });

  it('describes itself at /metadata: FHIR 4.0.1, the worklist search, transactions, and the code sets it validates with', async () => {
    const r = await client(server, null).get('metadata');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    const rest = (r.body.rest as { resource: { type: string; searchInclude?: string[]; searchRevInclude?: string[] }[]; interaction: { code: string }[] }[])[0];
    expect(r.body).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expect(rest.interaction).toEqual([{ code: 'transaction' }]);
    expect(rest.resource.find((x) => x.type === 'Task')).toMatchObject({ searchInclude: ['Task:focus', 'Encounter:subject'], searchRevInclude: ['DocumentReference:encounter'] });
    const description = (r.body.implementation as { description: string }).description;
    for (const release of ['ICD-10-CM FY2026', 'ICD-10-CM FY2027', 'ICD-10-PCS FY2026', 'HCPCS Level II 2025-10', 'CPT 2026']) expect(description).toContain(release);
  });

  it('answers unknown routes with 404 and wrong methods with 405 and the methods allowed, as OperationOutcomes', async () => {
    const c = client(server);
    const missing = await c.get('Invoice');
    expect(missing.status).toBe(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');
    expect((await c.get('nothing/here/at/all')).status).toBe(404);
    for (const [method, path, allow] of [
      ['GET', '/', 'POST'],
      ['PUT', '/Task/enc-0001', 'GET'],
      ['DELETE', '/Task/enc-0001', 'GET'],
      ['POST', '/Task', 'GET'],
      ['POST', '/metadata', 'GET'],
      ['DELETE', '/health', 'GET'],
    ] as const) {
      const r = await c.request(method, path);
      expect(r.status, `${method} ${path}`).toBe(405);
      expect(r.headers.get('allow')).toBe(allow);
      expect(r.body.issue![0].code).toBe('not-supported');
    }
  });

  it('lets the workstation call from its own origins (app://, loopback) and no other', async () => {
    const c = client(server, null);
    const pre = await c.request('OPTIONS', '/', { headers: { Origin: 'app://coder-workstation', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('app://coder-workstation');
    expect(pre.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
    expect(pre.headers.get('access-control-expose-headers')).toContain('Idempotency-Replayed');
    expect((await c.get('health', { Origin: 'http://127.0.0.1:5173' })).headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    expect((await c.get('health', { Origin: 'https://evil.example' })).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('billing server: sign-in', () => {
  it('refuses a request with no token, an unknown token or an expired one: 401 with an OperationOutcome of code login', async () => {
    const cases = [
      [client(server, null), 'no Authorization'],
      [client(server, 'not-a-token'), 'not known'],
    ] as const;
    for (const [c, says] of cases) {
      const r = await c.get('Task');
      expect(r.status).toBe(401);
      expect(r.body.issue).toEqual([{ severity: 'error', code: 'login', diagnostics: expect.stringContaining(says) }]);
      expect(r.headers.get('www-authenticate')).toMatch(/^Bearer realm="billing"/);
    }
    server.addToken('short-lived', 'demo.coder');
    const c = client(server, 'short-lived');
    expect((await c.get('Task')).status).toBe(200);
    server.expireToken('short-lived');
    const expired = await c.get('Task');
    expect(expired.status).toBe(401);
    expect(expired.body.issue![0]).toMatchObject({ code: 'login', diagnostics: expect.stringContaining('expired') });
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    // A refused push stores nothing.
    const before = rowCounts(server);
    expect((await c.push(bundleOf(revisionOf('enc-0001')), 'k-expired')).status).toBe(401);
    expect(rowCounts(server)).toEqual(before);
  });

  it('shows a coder only their own Tasks: another coder gets 403 on reads and pushes, and an empty worklist', async () => {
    const mine = client(server, DEMO_TOKEN);
    const theirs = client(server, OTHER_TOKEN);
    const read = await mine.get('Task/enc-0001');
    expect(read.status).toBe(200);
    expect(read.headers.get('etag')).toBe('W/"1"');
    for (const path of ['Task/enc-0001', 'Encounter/enc-0001', 'DocumentReference/enc-0001-doc-1', `Patient/${(read.body.for as { reference: string }).reference.split('/')[1]}`, 'Practitioner/demo.coder']) {
      const r = await theirs.get(path);
      expect(r.status, path).toBe(403);
      expect(r.body.issue![0].code).toBe('forbidden');
    }
    expect((await theirs.get(`Practitioner/${OTHER_CODER}`)).status).toBe(200);
    expect((await theirs.get('Task?owner=Practitioner/demo.coder')).status).toBe(403);
    const empty = await theirs.get('Task?status=ready');
    expect(empty.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 0 });

    const before = rowCounts(server);
    const push = await theirs.push(bundleOf(revisionOf('enc-0001'), OTHER_CODER), 'k-other');
    expect(push.status).toBe(403);
    expect(push.body.issue).toEqual([{ severity: 'error', code: 'forbidden', diagnostics: 'Task/enc-0001 is not assigned to coder.two', expression: [expect.stringMatching(/^Bundle\.entry\[\d+\]\.request\.url$/)] }]);
    // Even claiming to complete it for its real owner.
    expect((await theirs.push(bundleOf(revisionOf('enc-0001')), 'k-other-2')).status).toBe(403);
    expect(rowCounts(server)).toEqual(before);
    expect((await mine.get('Task/enc-0001')).body.status).toBe('ready');
  });

  it('asks for a Content-Type of FHIR JSON, an Idempotency-Key and at most 16 MB on every push', async () => {
    const c = client(server);
    const before = rowCounts(server);
    const bundle = bundleOf(revisionOf('enc-0002'));
    const noKey = await c.push(bundle, null);
    expect(noKey.status).toBe(400);
    expect(noKey.body.issue![0]).toMatchObject({ code: 'required', diagnostics: expect.stringContaining('Idempotency-Key') });
    expect((await c.push(bundle, 'k', { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await c.push('x'.repeat(17 * 1024 * 1024), 'k-huge')).status).toBe(413);
    expect((await c.push(bundle, 'k', { 'Content-Type': 'application/json' })).status).toBe(200);
    expect(rowCounts(server).transactions).toBe(before.transactions + 1);
  });
});
