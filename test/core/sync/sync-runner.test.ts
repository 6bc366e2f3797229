import { describe, expect, it } from 'vitest';
import { newOutboxEntry } from '../../../core/sync/outbox';
import type { Outcome } from '../../../core/sync/outbox';
import { SyncRunner, type SyncStatus } from '../../../core/sync/sync-runner';
import { FakeClock, FakeCredentials, MemoryOutboxStore, ScriptedTransport, bundleText, entries, flush, ok, operationOutcome, response, seededRandom } from './fakes';

const policy = { baseMs: 1_000, capMs: 30_000, retryAfterCapMs: 600_000 };

function setup(n = 3, respond?: ConstructorParameters<typeof ScriptedTransport>[0]) {
  const clock = new FakeClock();
  const store = new MemoryOutboxStore().add(...entries(n, clock.now()));
  const transport = new ScriptedTransport(respond);
  const credentials = new FakeCredentials();
  const runner = new SyncRunner({ store, transport, credentials, clock, random: () => 0.5, policy, requestTimeoutMs: 5_000, healthTimeoutMs: 500 });
  return { clock, store, transport, credentials, runner };
}

/** Answers scripted per send: the n-th send gets script[n], then 200s. */
function script(...outcomes: (Outcome | ((e: Parameters<typeof ok>[0]) => Outcome))[]) {
  return (entry: Parameters<typeof ok>[0], n: number): Outcome => {
    const o = outcomes[n];
    if (o === undefined) return ok(entry);
    return typeof o === 'function' ? o(entry) : o;
  };
}

describe('SyncRunner.drain', () => {
  it('sends every entry once, in seq order, with its Idempotency-Key and the token', async () => {
    const { clock, store, transport, runner } = setup(0);
    // Stored out of order: seq decides, not insertion.
    store.add(
      newOutboxEntry({ encounterId: 'enc-b', revision: 1, seq: 3, bundle: bundleText('enc-b', 1) }, clock.now()),
      newOutboxEntry({ encounterId: 'enc-a', revision: 1, seq: 1, bundle: bundleText('enc-a', 1) }, clock.now()),
      newOutboxEntry({ encounterId: 'enc-a', revision: 2, seq: 2, bundle: bundleText('enc-a', 2) }, clock.now()),
    );
    const result = await runner.drain();
    expect(result).toEqual({ kind: 'done', sent: 3 });
    expect(transport.sentIds).toEqual(['enc-a/r1', 'enc-a/r2', 'enc-b/r1']);
    expect(transport.sends.map((s) => [s.key, s.token])).toEqual([
      ['enc-a/r1', 'token-1'],
      ['enc-a/r2', 'token-1'],
      ['enc-b/r1', 'token-1'],
    ]);
    expect(transport.healthCalls).toBe(1);
    expect([...store.rows.values()].every((e) => e.state === 'sent' && e.sentAt === clock.now())).toBe(true);
    expect(runner.status()).toMatchObject({ connection: 'online', phase: 'idle', pending: 0, needsAttention: 0, lastError: null, sentThisSession: 3, entries: [] });
  });

  it('stores "sending" before the request leaves and the result after it', async () => {
    const seen: string[] = [];
    const { store, runner } = setup(1, (entry) => {
      seen.push(store.state(entry.id) ?? 'missing');
      return ok(entry);
    });
    await runner.drain();
    expect(seen).toEqual(['sending']);
    expect(store.state('enc-1/r1')).toBe('sent');
  });

  it('a retryable failure stops the drain: nothing overtakes the head, and it wakes itself to retry', async () => {
    const { clock, store, transport, runner } = setup(3, script(ok, response(503, 'busy')));
    const result = await runner.drain();
    expect(result).toEqual({ kind: 'waiting', until: clock.now() + 500, sent: 1 });
    expect(transport.sentIds).toEqual(['enc-1/r1', 'enc-2/r1']);
    expect(store.state('enc-2/r1')).toBe('pending');
    expect(store.state('enc-3/r1')).toBe('pending');
    expect(runner.status()).toMatchObject({ phase: 'waiting', nextAttemptAt: clock.now() + 500, pending: 2 });
    expect(runner.status().lastError).toMatch(/HTTP 503/);

    await clock.advance(499);
    expect(transport.sends).toHaveLength(2);
    await clock.advance(1);
    await runner.whenIdle();
    expect(transport.sentIds).toEqual(['enc-1/r1', 'enc-2/r1', 'enc-2/r1', 'enc-3/r1']);
    expect(runner.status()).toMatchObject({ phase: 'idle', pending: 0, nextAttemptAt: null });
  });

  it('revision 2 never reaches the server before revision 1, however often revision 1 fails', async () => {
    const { clock, store, transport, runner } = setup(0, script({ kind: 'network-error', message: 'ECONNRESET' }, { kind: 'timeout' }, response(500, ''), response(429, '', { 'retry-after': '3' })));
    store.add(
      newOutboxEntry({ encounterId: 'enc-x', revision: 1, seq: 1, bundle: bundleText('enc-x', 1) }, clock.now()),
      newOutboxEntry({ encounterId: 'enc-x', revision: 2, seq: 2, bundle: bundleText('enc-x', 2) }, clock.now()),
    );
    await runner.drain();
    for (let i = 0; i < 10 && store.state('enc-x/r2') !== 'sent'; i++) {
      await clock.advance(60_000);
      await runner.whenIdle();
    }
    expect(transport.sentIds).toEqual(['enc-x/r1', 'enc-x/r1', 'enc-x/r1', 'enc-x/r1', 'enc-x/r1', 'enc-x/r2']);
    expect(store.rows.get('enc-x/r1')?.attempts).toBe(5);
    expect(transport.overlapped).toBe(false);
  });

  it('honours Retry-After: no retry before the server said', async () => {
    const { clock, transport, runner } = setup(1, script(response(429, '', { 'retry-after': '7' })));
    await runner.drain();
    await clock.advance(6_999);
    expect(transport.sends).toHaveLength(1);
    await clock.advance(1);
    await runner.whenIdle();
    expect(transport.sends).toHaveLength(2);
  });

  it('waits grow with the attempts up to the cap', async () => {
    const clock = new FakeClock();
    const store = new MemoryOutboxStore().add(...entries(1, clock.now()));
    const transport = new ScriptedTransport(() => response(500, ''));
    const runner = new SyncRunner({ store, transport, credentials: new FakeCredentials(), clock, random: () => 0.999, policy });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const r = await runner.drain({ ignoreBackoff: true });
      if (r.kind !== 'waiting') throw new Error(r.kind);
      waits.push(r.until - clock.now());
    }
    expect(waits).toEqual([999, 1998, 3996, 7992, 15984, 29970, 29970, 29970]);
    await runner.dispose();
  });

  it('sets conflicts and rejections aside with the reason and sends the rest', async () => {
    const { store, transport, runner } = setup(
      4,
      script(
        response(409, operationOutcome({ code: 'conflict', diagnostics: 'different claim under enc-1-claim' })),
        response(422, operationOutcome({ code: 'code-invalid', diagnostics: 'Z99.99 is not a code', expression: ['Condition.code.coding[0]'] }), { 'content-type': 'application/fhir+json' }),
        response(403, operationOutcome({ code: 'forbidden', diagnostics: 'Task enc-3 is assigned to another coder' })),
      ),
    );
    const result = await runner.drain();
    expect(result).toEqual({ kind: 'done', sent: 1 });
    expect(transport.sentIds).toEqual(['enc-1/r1', 'enc-2/r1', 'enc-3/r1', 'enc-4/r1']);
    expect([1, 2, 3, 4].map((i) => store.state(`enc-${i}/r1`))).toEqual(['conflict', 'rejected', 'rejected', 'sent']);
    expect(store.rows.get('enc-2/r1')?.serverReason).toBe('error code-invalid: Z99.99 is not a code (at Condition.code.coding[0])');
    const status = runner.status();
    expect(status).toMatchObject({ pending: 0, needsAttention: 3, phase: 'idle' });
    expect(status.lastError).toMatch(/3 finished encounters need your attention/);
    expect(status.entries.map((e) => [e.id, e.state])).toEqual([
      ['enc-1/r1', 'conflict'],
      ['enc-2/r1', 'rejected'],
      ['enc-3/r1', 'rejected'],
    ]);
    // A later drain leaves them alone until the coder resends.
    await runner.drain();
    expect(transport.sends).toHaveLength(4);
  });

  it('resend: a fixed bundle goes out under a fresh key and turns sent', async () => {
    const { store, transport, runner } = setup(2, script(response(422, operationOutcome({ diagnostics: 'bad code' }))));
    await runner.drain();
    expect(store.state('enc-1/r1')).toBe('rejected');
    const fixed = bundleText('enc-1', 1, 4);
    const result = await runner.resend('enc-1/r1', fixed);
    expect(result).toEqual({ kind: 'done', sent: 1 });
    expect(transport.sends.at(-1)).toMatchObject({ id: 'enc-1/r1', key: 'enc-1/r1/resend-1', bundle: fixed });
    expect(store.rows.get('enc-1/r1')).toMatchObject({ state: 'sent', resends: 1 });
    await expect(runner.resend('enc-1/r1')).rejects.toThrow(/cannot resend from state 'sent'/);
  });

  it('401 pauses everything until the coder signs in; then the drain resumes with the new token', async () => {
    const { store, transport, credentials, runner } = setup(4, (entry, n) => (n === 1 ? response(401, operationOutcome({ code: 'login', diagnostics: 'token expired' })) : ok(entry)));
    expect(await runner.drain()).toEqual({ kind: 'paused-for-sign-in', sent: 1 });
    expect(store.state('enc-2/r1')).toBe('paused-for-sign-in');
    expect(runner.status()).toMatchObject({ signInRequired: true, phase: 'paused-for-sign-in', pending: 3 });

    // Timers and "Sync now" do nothing while paused: not even a health check.
    const health = transport.healthCalls;
    expect(await runner.drain({ ignoreBackoff: true })).toMatchObject({ kind: 'paused-for-sign-in' });
    expect(transport.sends).toHaveLength(2);
    expect(transport.healthCalls).toBe(health);

    credentials.current = 'token-2';
    expect(await runner.resumeAfterSignIn()).toEqual({ kind: 'done', sent: 3 });
    expect(transport.sends.map((s) => `${s.id} ${s.token}`)).toEqual(['enc-1/r1 token-1', 'enc-2/r1 token-1', 'enc-2/r1 token-2', 'enc-3/r1 token-2', 'enc-4/r1 token-2']);
    expect(runner.status()).toMatchObject({ signInRequired: false, pending: 0 });
  });

  it('a paused entry found at start keeps the runner paused (the 401 outlives a restart)', async () => {
    const { clock, store, transport, runner } = setup(0);
    store.add({ ...newOutboxEntry({ encounterId: 'enc-p', revision: 1, seq: 1, bundle: bundleText('enc-p', 1) }, clock.now()), state: 'paused-for-sign-in' });
    expect((await runner.drain()).kind).toBe('paused-for-sign-in');
    expect(transport.sends).toHaveLength(0);
    expect((await runner.resumeAfterSignIn()).kind).toBe('done');
    expect(store.state('enc-p/r1')).toBe('sent');
  });

  it('with no token, nothing is sent and the drain asks for sign-in; a token later is enough', async () => {
    const { credentials, transport, runner, store } = setup(2);
    credentials.current = null;
    expect((await runner.drain()).kind).toBe('paused-for-sign-in');
    expect(runner.status().signInRequired).toBe(true);
    expect(transport.sends).toHaveLength(0);
    expect(store.state('enc-1/r1')).toBe('pending');
    credentials.current = 'token-9';
    expect(await runner.drain()).toEqual({ kind: 'done', sent: 2 });
  });

  it('offline: the health check fails, nothing is sent, and it checks again by itself', async () => {
    const { clock, transport, runner } = setup(2);
    transport.healthy = false;
    const result = await runner.drain();
    expect(result).toEqual({ kind: 'offline', until: clock.now() + 500, sent: 0 });
    expect(runner.status()).toMatchObject({ connection: 'offline', phase: 'offline', pending: 2 });
    expect(transport.sends).toHaveLength(0);
    transport.healthy = true;
    await clock.advance(500);
    await runner.whenIdle();
    expect(transport.sends).toHaveLength(2);
    expect(runner.status().connection).toBe('online');
  });

  it('a health check that throws or hangs counts as offline', async () => {
    const { clock, transport, runner } = setup(1);
    transport.health = () => new Promise<boolean>(() => undefined);
    const drained = runner.drain();
    await clock.advance(1_500);
    expect((await drained).kind).toBe('offline');
    transport.health = () => Promise.reject(new Error('boom'));
    expect((await runner.drain({ ignoreBackoff: true })).kind).toBe('offline');
  });

  it('a send that hangs past the timeout is a timeout, retried under the same key', async () => {
    let hang = true;
    const { clock, transport, store, runner } = setup(1, (entry) => (hang ? new Promise<Outcome>(() => undefined) : ok(entry)));
    const drained = runner.drain();
    await clock.advance(6_000);
    expect(await drained).toMatchObject({ kind: 'waiting' });
    expect(store.rows.get('enc-1/r1')?.lastError).toMatch(/did not answer in time/);
    hang = false;
    await clock.advance(60_000);
    await runner.whenIdle();
    expect(transport.sends.map((s) => s.key)).toEqual(['enc-1/r1', 'enc-1/r1']);
    expect(store.state('enc-1/r1')).toBe('sent');
  });

  it('a malformed 2xx is retried, and the replayed 200 completes it', async () => {
    const { clock, store, runner } = setup(1, script(response(200, '{"resourceType":"Bundle","type":"transa'), (e) => ok(e, { 'idempotency-replayed': 'true' })));
    await runner.drain();
    await clock.advance(60_000);
    await runner.whenIdle();
    expect(store.rows.get('enc-1/r1')).toMatchObject({ state: 'sent', attempts: 2, response: { replayed: true } });
  });

  it('an unexpected status (404) stops the drain without rejecting anything', async () => {
    const { clock, store, transport, runner } = setup(3, () => response(404, 'Not Found'));
    const result = await runner.drain();
    expect(result).toEqual({ kind: 'waiting', until: clock.now() + 30_000, sent: 0 });
    expect(transport.sends).toHaveLength(1);
    expect([...store.rows.values()].map((e) => e.state)).toEqual(['pending', 'pending', 'pending']);
    expect(runner.status().lastError).toMatch(/HTTP 404.*server address/);
  });

  it('crash recovery: an entry left "sending" is sent again under the same key', async () => {
    const { clock, store, transport, runner } = setup(0);
    const interrupted = { ...newOutboxEntry({ encounterId: 'enc-c', revision: 3, seq: 1, bundle: bundleText('enc-c', 3) }, clock.now()), state: 'sending' as const, attempts: 1 };
    store.add(interrupted);
    expect(await runner.drain()).toEqual({ kind: 'done', sent: 1 });
    expect(transport.sends).toEqual([{ id: 'enc-c/r3', key: 'enc-c/r3', token: 'token-1', bundle: interrupted.bundle }]);
    expect(store.rows.get('enc-c/r3')).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('a failed store write ends the drain with an error, loses nothing, and the next drain finishes the job', async () => {
    const { clock, store, transport, runner } = setup(2);
    store.failNextUpdate = null;
    let n = 0;
    const update = store.update.bind(store);
    store.update = async (e) => {
      // The write of the first result fails: the entry stays "sending" in the store.
      if (n++ === 1) throw new Error('QuotaExceededError');
      return update(e);
    };
    const result = await runner.drain();
    expect(result).toMatchObject({ kind: 'error', message: 'Sync stopped: QuotaExceededError' });
    expect(store.state('enc-1/r1')).toBe('sending');
    expect(runner.status().phase).toBe('error');
    await clock.advance(policy.capMs);
    await runner.whenIdle();
    expect(store.state('enc-1/r1')).toBe('sent');
    expect(store.state('enc-2/r1')).toBe('sent');
    // The replay used the same key, so the server answered it with its first result.
    expect(transport.sends.map((s) => s.key)).toEqual(['enc-1/r1', 'enc-1/r1', 'enc-2/r1']);
  });

  it('one drain at a time: a second call joins it, and an entry finished meanwhile is sent in the same drain', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { clock, store, transport, runner } = setup(2, async (entry, n) => {
      if (n === 0) await gate;
      return ok(entry);
    });
    const first = runner.drain();
    await flush();
    store.add(newOutboxEntry({ encounterId: 'enc-9', revision: 1, seq: 9, bundle: bundleText('enc-9', 1) }, clock.now()));
    const second = runner.drain();
    expect(second).toBe(first);
    release();
    expect(await first).toEqual({ kind: 'done', sent: 3 });
    expect(transport.sentIds).toEqual(['enc-1/r1', 'enc-2/r1', 'enc-9/r1']);
    expect(transport.overlapped).toBe(false);
  });

  it('a drain before the retry is due waits without touching the network; "Sync now" sends at once', async () => {
    const { clock, transport, runner } = setup(1, script(response(500, '')));
    await runner.drain();
    const health = transport.healthCalls;
    expect(await runner.drain()).toEqual({ kind: 'waiting', until: clock.now() + 500, sent: 0 });
    expect(transport.healthCalls).toBe(health);
    expect(await runner.drain({ ignoreBackoff: true })).toEqual({ kind: 'done', sent: 1 });
  });

  it('tells subscribers about each change, and stops when unsubscribed', async () => {
    const { runner } = setup(2);
    const seen: SyncStatus[] = [];
    const unsubscribe = runner.subscribe((s) => seen.push(s));
    await runner.drain();
    expect(seen.some((s) => s.entries.some((e) => e.state === 'sending'))).toBe(true);
    expect(seen.at(-1)).toMatchObject({ phase: 'idle', pending: 0, sentThisSession: 2 });
    unsubscribe();
    const count = seen.length;
    await runner.drain();
    expect(seen).toHaveLength(count);
  });

  it('after dispose, no wake-up sends anything', async () => {
    const { clock, transport, runner } = setup(1, script(response(503, '')));
    await runner.drain();
    await runner.dispose();
    await clock.advance(60_000);
    expect(transport.sends).toHaveLength(1);
    expect(runner.status().phase).toBe('stopped');
    expect(await runner.drain()).toEqual({ kind: 'stopped', sent: 0 });
  });

  it('a random mix of failures still delivers every entry once, in order', async () => {
    const random = seededRandom(20260601);
    const clock = new FakeClock();
    const store = new MemoryOutboxStore().add(...entries(40, clock.now()));
    const applied: string[] = [];
    const transport = new ScriptedTransport((entry) => {
      const r = random();
      if (r < 0.1) return { kind: 'network-error', message: 'ECONNRESET' };
      if (r < 0.2) return response(503, '', { 'retry-after': '1' });
      if (r < 0.3) return response(200, '<html>');
      if (r < 0.35) {
        // Applied, but the answer is lost: the replay must not apply it again.
        if (!applied.includes(entry.idempotencyKey)) applied.push(entry.idempotencyKey);
        return { kind: 'timeout' };
      }
      if (!applied.includes(entry.idempotencyKey)) applied.push(entry.idempotencyKey);
      return ok(entry);
    });
    const runner = new SyncRunner({ store, transport, credentials: new FakeCredentials(), clock, random, policy });
    runner.kick();
    for (let i = 0; i < 500 && [...store.rows.values()].some((e) => e.state !== 'sent'); i++) await clock.advance(5_000);
    await runner.whenIdle();
    expect([...store.rows.values()].every((e) => e.state === 'sent')).toBe(true);
    expect(applied).toEqual(Array.from({ length: 40 }, (_, i) => `enc-${i + 1}/r1`));
    expect(transport.overlapped).toBe(false);
  });
});
