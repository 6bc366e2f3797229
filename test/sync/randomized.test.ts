import { afterAll, expect, it } from 'vitest';
import { SyncRunner } from '../../core/sync/sync-runner';
import { FakeCredentials, MemoryOutboxStore, seededRandom } from '../core/sync/fakes';
import { type Fault, FaultProxy, type ProxiedRequest } from './fault-proxy';
import { ServerProcess, claimProblems, claimsInDatabase, realClock, removeDir, seededDataDir, waitFor } from './harness';
import { NodeTransport } from './node-transport';
import { acceptedSamples, encountersOf, outboxEntries, planRevisions } from './revisions';

/**
 * 200 finished encounter revisions (copies of the 35 sample encounters the server can check,
 * every fourth encounter also corrected as revision 2) drained through a seeded random
 * schedule of every fault the proxy knows, with the server killed and restarted on the same
 * data directory along the way. It must end with exactly one claim per revision, each
 * applied once and in finishing order, and nothing left in the outbox.
 *
 * The seed is printed; `SYNC_FAULT_SEED=<n> npx vitest run test/sync/randomized.test.ts`
 * replays a schedule.
 */
const SEED = Number(process.env.SYNC_FAULT_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REVISIONS = 200;
const REQUEST_TIMEOUT_MS = 250;

let dataDir = '';
let server: ServerProcess | null = null;
let proxy: FaultProxy | null = null;

afterAll(async () => {
  await proxy?.close();
  await server?.kill();
  if (dataDir) removeDir(dataDir);
});

it(`a random fault schedule over ${REVISIONS} revisions ends with one claim per revision and an empty outbox (seed ${SEED})`, async () => {
  console.log(`sync fault schedule seed: ${SEED} (replay with SYNC_FAULT_SEED=${SEED})`);
  const random = seededRandom(SEED);
  const plan = planRevisions(acceptedSamples(), REVISIONS, 'rnd', 4);
  const ids = plan.map((p) => `${p.encounter.id}/r${p.revision}`);
  expect(new Set(ids).size).toBe(REVISIONS);

  dataDir = seededDataDir(encountersOf(plan));
  server = await ServerProcess.start(dataDir);
  const started = Date.now();

  // The server is killed once, at a random send, before that request reaches it: nothing is
  // stored and the client sees its connection closed. (A kill after a commit is the kill test
  // in faults.test.ts; each restart costs seconds of code-set loading, so one here.)
  const killAt = 40 + Math.floor(random() * 160);
  const tally: Record<string, number> = {};
  const restarts: Promise<void>[] = [];
  const killAndRestart = async () => {
    await server!.kill();
    const downFor = 100 + Math.floor(random() * 400);
    restarts.push(
      (async () => {
        await new Promise((r) => setTimeout(r, downFor));
        server = await ServerProcess.start(dataDir);
        proxy!.target = server.url;
      })(),
    );
  };

  let posts = 0;
  const decide = async (r: ProxiedRequest): Promise<Fault> => {
    const x = random();
    let fault: Fault;
    if (r.method !== 'POST') {
      fault = x < 0.05 ? { kind: 'refuse' } : x < 0.07 ? { kind: 'hold', ms: 300 } : { kind: 'pass' };
    } else if (posts++ === killAt) {
      await killAndRestart();
      fault = { kind: 'pass' };
      tally['kill server'] = 1;
    } else if (x < 0.5) fault = { kind: 'pass' };
    else if (x < 0.55) fault = { kind: 'refuse' };
    else if (x < 0.6) fault = { kind: 'status', status: 500, body: 'Internal Server Error' };
    else if (x < 0.64) fault = { kind: 'status', status: 500, body: '', forward: true };
    else if (x < 0.67) fault = { kind: 'status', status: 502, body: '<html>Bad Gateway</html>', forward: true };
    else if (x < 0.71) fault = { kind: 'status', status: 503, headers: { 'retry-after': '0' }, body: '' };
    else if (x < 0.713) fault = { kind: 'status', status: 503, headers: { 'retry-after': '1' }, body: '' };
    else if (x < 0.75) fault = { kind: 'status', status: 429, body: 'Too Many Requests' };
    else if (x < 0.76) fault = { kind: 'status', status: 408, body: '' };
    else if (x < 0.82) fault = { kind: 'drop-response' };
    else if (x < 0.84) fault = { kind: 'hold', ms: REQUEST_TIMEOUT_MS + 100 };
    else if (x < 0.885) fault = { kind: 'truncate' };
    else if (x < 0.93) fault = { kind: 'replace-body', body: '<!DOCTYPE html><html><body>Gateway</body></html>', contentType: 'text/html' };
    else if (x < 0.97) fault = { kind: 'cut-body' };
    else fault = { kind: 'replace-body', body: '{"resourceType":"OperationOutcome","issue":[]}', contentType: 'application/fhir+json' };
    const name = r.method === 'POST' ? (fault.kind === 'status' ? `${fault.status}${fault.forward ? ' after commit' : ''}${fault.headers?.['retry-after'] ? ` retry-after ${fault.headers['retry-after']}` : ''}` : fault.kind) : `health ${fault.kind}`;
    if (!(r.method === 'POST' && posts - 1 === killAt)) tally[name] = (tally[name] ?? 0) + 1;
    return fault;
  };
  proxy = new FaultProxy({ target: server.url, decide });
  await proxy.start();

  const store = new MemoryOutboxStore().add(...outboxEntries(plan));
  const transport = new NodeTransport(proxy.url);
  const runner = new SyncRunner({
    store,
    transport,
    credentials: new FakeCredentials('demo-token'),
    clock: realClock,
    random,
    policy: { baseMs: 5, capMs: 50, retryAfterCapMs: 2_000 },
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    healthTimeoutMs: 150,
  });

  // One kick; the runner's own wake-ups do the rest.
  runner.kick();
  const open = () => [...store.rows.values()].filter((e) => e.state !== 'sent');
  await waitFor('every revision sent', () => open().length === 0, 100_000, () => `${open().length} open, first ${open()[0]?.id} ${open()[0]?.state} ${open()[0]?.lastError}`);
  await runner.whenIdle();
  await Promise.all(restarts);
  const elapsed = Date.now() - started;

  expect(await store.listOpen()).toEqual([]);
  expect(claimProblems(dataDir, ids)).toEqual([]);
  const db = claimsInDatabase(dataDir);
  // Each revision applied once, in finishing order: nothing overtook a revision still retrying.
  expect(db.transactions).toBe(REVISIONS);
  expect(db.appliedKeys).toEqual(ids);
  expect(db.claims).toHaveLength(REVISIONS);

  const entries = [...store.rows.values()];
  const summary = {
    seed: SEED,
    revisions: REVISIONS,
    encounters: new Set(plan.map((p) => p.encounter.id)).size,
    corrections: plan.filter((p) => p.revision === 2).length,
    elapsedMs: elapsed,
    posts: transport.counts.send,
    healthChecks: transport.counts.health,
    answeredByReplay: entries.filter((e) => e.response?.replayed).length,
    maxAttempts: Math.max(...entries.map((e) => e.attempts)),
    serverRestarts: restarts.length,
    faults: tally,
  };
  console.log(`sync fault schedule result: ${JSON.stringify(summary)}`);
  expect(restarts).toHaveLength(1);
}, 120_000);
