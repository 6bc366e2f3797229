import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newOutboxEntry } from '../../core/sync/outbox';
import type { OutboxEntry } from '../../core/sync/outbox';
import { SyncRunner, type SyncPhase } from '../../core/sync/sync-runner';
import { type BillingServer, startBillingServer } from '../../server/billing-server';
import { FakeCredentials, MemoryOutboxStore, seededRandom } from '../core/sync/fakes';
import { type Fault, FaultProxy, type ProxiedRequest } from './fault-proxy';
import { ServerProcess, claimProblems, claimsInDatabase, realClock, removeDir, seededDataDir, waitFor } from './harness';
import { NodeTransport } from './node-transport';
import { type PlannedRevision, acceptedSamples, bundleText, encounterCopy, encountersOf, finishedRevision, outboxEntries, planRevisions, samples } from './revisions';

/**
 * The sync runner against the real billing server (a child process on a real SQLite file),
 * with a fault-injecting proxy in between. Each test drains its own encounters and checks,
 * in the server's database, that every revision became exactly one claim.
 */

// Short timings so faults cost milliseconds: the first retry within 20 ms, never more than 200 ms apart.
const POLICY = { baseMs: 20, capMs: 200, retryAfterCapMs: 5_000 };
const REQUEST_TIMEOUT_MS = 500;
const HEALTH_TIMEOUT_MS = 300;

const pool = acceptedSamples();
const plans = {
  kill: planRevisions(pool, 12, 'kill', 4),
  drop: planRevisions(pool.slice(5), 6, 'drop', 3),
  e500: planRevisions(pool.slice(10), 5, 'e500'),
  e503: planRevisions(pool.slice(15), 3, 'e503'),
  e429: planRevisions(pool.slice(18), 3, 'e429'),
  hold: planRevisions(pool.slice(21), 4, 'hold'),
  bodies: planRevisions(pool.slice(25), 5, 'body'),
  mixed: planRevisions(pool.slice(30), 4, 'mix'),
};
const rejected = samples().find((s) => s.id === 'enc-0020')!;
const rejectedCopy = encounterCopy(rejected, 'enc-0020-mix');

interface Drain {
  store: MemoryOutboxStore;
  runner: SyncRunner;
  transport: NodeTransport;
  credentials: FakeCredentials;
  phases: SyncPhase[];
  ids: string[];
}

function drainer(url: string, entries: OutboxEntry[], token = 'demo-token'): Drain {
  const store = new MemoryOutboxStore().add(...entries);
  const transport = new NodeTransport(url);
  const credentials = new FakeCredentials(token);
  const runner = new SyncRunner({ store, transport, credentials, clock: realClock, random: seededRandom(5), policy: POLICY, requestTimeoutMs: REQUEST_TIMEOUT_MS, healthTimeoutMs: HEALTH_TIMEOUT_MS });
  const phases: SyncPhase[] = [];
  runner.subscribe((s) => {
    if (phases.at(-1) !== s.phase) phases.push(s.phase);
  });
  return { store, runner, transport, credentials, phases, ids: entries.map((e) => e.id) };
}

function allSent(d: Drain): boolean {
  return [...d.store.rows.values()].every((e) => e.state === 'sent');
}

function describeOutbox(d: Drain): string {
  return [...d.store.rows.values()].filter((e) => e.state !== 'sent').map((e) => `${e.id} ${e.state} x${e.attempts} ${e.lastError ?? ''}`).join('; ');
}

/** Start the drain once and let the runner finish by itself: no further kick, as when nobody clicks. */
async function drainToEnd(d: Drain, timeoutMs = 20_000): Promise<void> {
  d.runner.kick();
  await waitFor('every entry sent', () => allSent(d), timeoutMs, () => describeOutbox(d));
  await d.runner.whenIdle();
  expect(await d.store.listOpen()).toEqual([]);
}

const ids = (plan: PlannedRevision[]) => plan.map((p) => `${p.encounter.id}/r${p.revision}`);

/** A fault for the n-th POST of the current test (0-based), passing everything else. */
function onSends(faults: Record<number, Fault | (() => Fault | Promise<Fault>)>): (r: ProxiedRequest) => Promise<Fault> {
  let n = 0;
  return async (r) => {
    if (r.method !== 'POST') return { kind: 'pass' };
    const f = faults[n++];
    if (!f) return { kind: 'pass' };
    return typeof f === 'function' ? f() : f;
  };
}

describe('sync through faults, against the billing server as a child process', () => {
  let dataDir: string;
  let server: ServerProcess;
  let proxy: FaultProxy;

  beforeAll(async () => {
    dataDir = seededDataDir([...Object.values(plans).flatMap(encountersOf), rejectedCopy]);
    server = await ServerProcess.start(dataDir);
    proxy = new FaultProxy({ target: server.url });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy?.close();
    await server?.kill();
    if (dataDir) removeDir(dataDir);
  });

  it('the server is killed mid-drain, after committing a revision and before answering, and restarted on the same data dir: every revision arrives once', async () => {
    let restarted: Promise<void> | null = null;
    const killAndRestart = async () => {
      await server.kill();
      // Back after a pause, on a new port behind the same proxy address.
      restarted = (async () => {
        await new Promise((r) => setTimeout(r, 300));
        server = await ServerProcess.start(dataDir);
        proxy.target = server.url;
      })();
    };
    // The 5th send is committed, then the server dies before it answers. (A kill before a
    // request reaches the server is in the randomized schedule, test/sync/randomized.test.ts.)
    proxy.decide = onSends({ 4: { kind: 'drop-response', afterCommit: killAndRestart } });
    const d = drainer(proxy.url, outboxEntries(plans.kill));
    await drainToEnd(d, 40_000);
    await restarted;

    expect(claimProblems(dataDir, ids(plans.kill))).toEqual([]);
    // It noticed the server was gone (health checks failing) and came back by itself.
    expect(d.phases).toContain('offline');
    // The revision committed just before the kill was answered, after the restart, from the
    // server's idempotency record: applied once, reported sent.
    const committedBeforeKill = proxy.sends.filter((l) => l.fault === 'drop-response').map((l) => l.idempotencyKey!);
    expect(committedBeforeKill).toEqual([d.ids[4]]);
    expect(d.store.rows.get(d.ids[4])).toMatchObject({ state: 'sent', response: { replayed: true } });
  }, 60_000);

  it('commit but drop the response: the retry is answered with the original result, no second claim', async () => {
    proxy.decide = onSends({ 1: { kind: 'drop-response' }, 4: { kind: 'drop-response' } });
    const d = drainer(proxy.url, outboxEntries(plans.drop));
    await drainToEnd(d);
    const dropped = proxy.sends.slice(-8).filter((l) => l.fault === 'drop-response');
    expect(dropped).toHaveLength(2);
    for (const l of dropped) {
      expect(l.upstreamStatus).toBe(200);
      expect(d.store.rows.get(l.idempotencyKey!)).toMatchObject({ state: 'sent', attempts: 2, response: { status: 200, replayed: true } });
    }
    expect(claimProblems(dataDir, ids(plans.drop))).toEqual([]);
  });

  it('500 from in front of the server and 500 after it committed: both retried, one claim each', async () => {
    proxy.decide = onSends({ 0: { kind: 'status', status: 500, body: 'Internal Server Error' }, 2: { kind: 'status', status: 500, body: '<h1>502 upstream</h1>', forward: true } });
    const d = drainer(proxy.url, outboxEntries(plans.e500));
    await drainToEnd(d);
    // Sends: e1 (500, never reached the server), e1 again, e2 (committed, then 500), e2 again, …
    const [first, second] = d.ids.map((id) => d.store.rows.get(id)!);
    expect(first).toMatchObject({ attempts: 2, response: { replayed: false } });
    expect(second).toMatchObject({ attempts: 2, response: { replayed: true } });
    expect(claimProblems(dataDir, ids(plans.e500))).toEqual([]);
  });

  it('503 with Retry-After: 1 is not retried before a second has passed', async () => {
    proxy.decide = onSends({ 0: { kind: 'status', status: 503, headers: { 'retry-after': '1' }, body: '' } });
    const d = drainer(proxy.url, outboxEntries(plans.e503));
    await drainToEnd(d);
    const [refused, retried] = proxy.sends.slice(-4);
    expect(refused.delivered).toBe(503);
    expect(retried.idempotencyKey).toBe(refused.idempotencyKey);
    expect(retried.at - refused.at).toBeGreaterThanOrEqual(1_000);
    expect(claimProblems(dataDir, ids(plans.e503))).toEqual([]);
  });

  it('429 with and without Retry-After (an HTTP-date): the retry waits for the date, and the queue keeps its order', async () => {
    proxy.decide = onSends({
      0: () => ({ kind: 'status', status: 429, headers: { 'retry-after': new Date(Date.now() + 2_000).toUTCString() }, body: '' }),
      2: { kind: 'status', status: 429, body: 'slow down' },
    });
    const d = drainer(proxy.url, outboxEntries(plans.e429));
    await drainToEnd(d);
    const sends = proxy.sends.slice(-5);
    expect(sends.map((l) => l.idempotencyKey)).toEqual([d.ids[0], d.ids[0], d.ids[1], d.ids[1], d.ids[2]]);
    // An HTTP-date has whole seconds: "now + 2 s" written down is at least 1 s away.
    expect(sends[1].at - sends[0].at).toBeGreaterThanOrEqual(1_000);
    expect(claimProblems(dataDir, ids(plans.e429))).toEqual([]);
  });

  it('timeouts: an answer held past the client timeout is given up, and the replay completes it', async () => {
    proxy.decide = onSends({ 0: { kind: 'hold', ms: REQUEST_TIMEOUT_MS + 400 }, 3: { kind: 'hold', ms: REQUEST_TIMEOUT_MS + 400 } });
    const d = drainer(proxy.url, outboxEntries(plans.hold));
    await drainToEnd(d);
    for (const p of [plans.hold[0], plans.hold[2]]) {
      expect(d.store.rows.get(`${p.encounter.id}/r${p.revision}`)).toMatchObject({ attempts: 2, response: { replayed: true } });
    }
    expect(claimProblems(dataDir, ids(plans.hold))).toEqual([]);
  });

  it('malformed answers (truncated JSON, an HTML page, a body cut mid-stream) are retried, never taken as sent', async () => {
    const html = '<!DOCTYPE html><html><head><title>Clinic Wi-Fi</title></head><body>Please accept the terms</body></html>';
    proxy.decide = onSends({ 0: { kind: 'truncate' }, 2: { kind: 'replace-body', body: html, contentType: 'text/html' }, 4: { kind: 'cut-body' } });
    const d = drainer(proxy.url, outboxEntries(plans.bodies));
    const lastErrors: string[] = [];
    d.runner.subscribe((s) => {
      if (s.lastError && lastErrors.at(-1) !== s.lastError) lastErrors.push(s.lastError);
    });
    await drainToEnd(d);
    expect(lastErrors.some((e) => /HTTP 200\) was not a transaction response/.test(e))).toBe(true);
    expect(lastErrors.some((e) => /could not be reached/.test(e))).toBe(true);
    for (const i of [0, 1, 2]) expect(d.store.rows.get(d.ids[i])).toMatchObject({ attempts: 2, response: { replayed: true } });
    expect(claimProblems(dataDir, ids(plans.bodies))).toEqual([]);
  });

  it('a rejection and a conflict from the real server are set aside with its reasons; the rest goes through; the fixed one is resent', async () => {
    proxy.decide = () => ({ kind: 'pass' });
    const [a, b, c] = plans.mixed;
    // Another workstation already sent a different revision 1 of c's encounter: a conflict for ours.
    const theirs = finishedRevision(c.sample, c.encounter, 1);
    theirs.finishedAt = '2026-12-24T10:00:00.000Z';
    const res = await fetch(`${server.url}/`, { method: 'POST', headers: { authorization: 'Bearer demo-token', 'content-type': 'application/fhir+json', 'idempotency-key': 'other-workstation-1' }, body: bundleText(theirs) });
    expect(res.status).toBe(200);

    const now = Date.now();
    const entries = outboxEntries([a], now, 1);
    entries.push(newOutboxEntry({ encounterId: rejectedCopy.id, revision: 1, seq: 2, bundle: bundleText(finishedRevision(rejected, rejectedCopy, 1)) }, now));
    entries.push(...outboxEntries([c, b], now, 3));
    const d = drainer(proxy.url, entries);
    const result = await d.runner.drain();
    expect(result).toEqual({ kind: 'done', sent: 2 });
    const refused = d.store.rows.get(`${rejectedCopy.id}/r1`)!;
    expect(refused).toMatchObject({ state: 'rejected', lastStatus: 422 });
    expect(refused.serverReason).toMatch(/no ICD-10-PCS release is installed on this server for 2026-10-03.*\(at Bundle\.entry\[\d+\]\.resource\.procedure\[0\]/);
    const conflict = d.store.rows.get(`${c.encounter.id}/r1`)!;
    expect(conflict).toMatchObject({ state: 'conflict', lastStatus: 409 });
    expect(conflict.serverReason).toMatch(new RegExp(`identifier ${c.encounter.id}/r1/\\w+ was already used by a different bundle`));
    expect(d.runner.status()).toMatchObject({ pending: 0, needsAttention: 2 });

    // The coder takes the ICD-10-PCS line off (to be coded when the FY2027 PCS release is installed) and resends.
    const fixed = finishedRevision(rejected, rejectedCopy, 1);
    fixed.encounter.coding.procedures = fixed.encounter.coding.procedures.filter((p) => p.system !== 'icd10pcs');
    expect(await d.runner.resend(refused.id, bundleText(fixed))).toMatchObject({ kind: 'done', sent: 1 });
    expect(d.store.rows.get(refused.id)).toMatchObject({ state: 'sent', idempotencyKey: `${refused.id}/resend-1` });
    expect(claimProblems(dataDir, [`${a.encounter.id}/r1`, `${b.encounter.id}/r1`, `${rejectedCopy.id}/r1`])).toEqual([]);
  });
});

describe('a token that expires mid-drain (the billing server in-process, for its token controls)', () => {
  let dataDir: string;
  let server: BillingServer;
  let proxy: FaultProxy;
  const plan = planRevisions(pool, 8, 'token', 3);

  beforeAll(async () => {
    dataDir = seededDataDir(encountersOf(plan));
    server = await startBillingServer({ dataDir, tokens: [['token-a', 'demo.coder']], seed: false });
    proxy = new FaultProxy({ target: server.url });
    await proxy.start();
  });

  afterAll(async () => {
    await proxy?.close();
    await server?.close();
    if (dataDir) removeDir(dataDir);
  });

  it('pauses on 401 without touching the rest, and resumes where it stopped after sign-in with a new token', async () => {
    proxy.decide = onSends({
      3: () => {
        server.expireToken('token-a');
        return { kind: 'pass' };
      },
    });
    const d = drainer(proxy.url, outboxEntries(plan), 'token-a');
    expect(await d.runner.drain()).toEqual({ kind: 'paused-for-sign-in', sent: 3 });
    expect(d.store.state(d.ids[3])).toBe('paused-for-sign-in');
    expect(d.ids.slice(4).map((id) => d.store.state(id))).toEqual(d.ids.slice(4).map(() => 'pending'));
    expect(d.runner.status()).toMatchObject({ signInRequired: true, phase: 'paused-for-sign-in', pending: 5 });

    // Nothing more leaves while paused, whatever triggers fire.
    d.runner.kick({ ignoreBackoff: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(proxy.sends).toHaveLength(4);

    server.addToken('token-b', 'demo.coder');
    d.credentials.current = 'token-b';
    expect(await d.runner.resumeAfterSignIn()).toEqual({ kind: 'done', sent: 5 });
    expect(proxy.sends.map((l) => l.idempotencyKey)).toEqual([...d.ids.slice(0, 4), ...d.ids.slice(3)]);
    expect(claimProblems(dataDir, ids(plan))).toEqual([]);
    expect(claimsInDatabase(dataDir).transactions).toBe(plan.length);
  });
});
