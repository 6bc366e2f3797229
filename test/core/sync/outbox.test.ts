import { describe, expect, it } from 'vitest';
import {
  type OutboxEntry,
  type OutboxState,
  OutboxTransitionError,
  applyOutcome,
  beginSend,
  describeOperationOutcome,
  isTransactionResponse,
  newOutboxEntry,
  outboxEntryId,
  recoverInterrupted,
  resend,
  resumeAfterSignIn,
} from '../../../core/sync/outbox';
import { bundleText, ok, operationOutcome, response, transactionResponse } from './fakes';

const NOW = Date.UTC(2026, 5, 1, 9, 0, 0);
const policy = { baseMs: 1_000, capMs: 60_000, retryAfterCapMs: 3_600_000 };
const half = (): number => 0.5;

function pending(): OutboxEntry {
  return newOutboxEntry({ encounterId: 'enc-0007', revision: 2, seq: 41, bundle: bundleText('enc-0007', 2) }, NOW - 10_000);
}
function sending(attempts = 1): OutboxEntry {
  return { ...pending(), state: 'sending', attempts };
}
function inState(state: OutboxState): OutboxEntry {
  return { ...pending(), state };
}

describe('a new outbox entry', () => {
  it('is pending, keyed <encounterId>/r<revision>, and due at once', () => {
    const e = pending();
    expect(e).toMatchObject({ id: 'enc-0007/r2', idempotencyKey: 'enc-0007/r2', state: 'pending', attempts: 0, resends: 0, seq: 41, nextAttemptAt: NOW - 10_000, createdAt: NOW - 10_000 });
    expect(outboxEntryId('enc-0001', 1)).toBe('enc-0001/r1');
  });
});

describe('which state each transition starts from', () => {
  const states: OutboxState[] = ['pending', 'sending', 'sent', 'conflict', 'rejected', 'paused-for-sign-in'];
  const transitions: [string, (e: OutboxEntry) => OutboxEntry, OutboxState[]][] = [
    ['beginSend', (e) => beginSend(e), ['pending']],
    ['applyOutcome', (e) => applyOutcome(e, ok(e), NOW, half, policy).entry, ['sending']],
    ['recoverInterrupted', (e) => recoverInterrupted(e), ['sending']],
    ['resumeAfterSignIn', (e) => resumeAfterSignIn(e, NOW), ['paused-for-sign-in']],
    ['resend', (e) => resend(e, NOW), ['conflict', 'rejected']],
  ];
  for (const [name, run, from] of transitions) {
    for (const state of states) {
      it(`${name} from ${state}: ${from.includes(state) ? 'allowed' : 'refused'}`, () => {
        const entry = inState(state);
        if (from.includes(state)) expect(() => run(entry)).not.toThrow();
        else expect(() => run(entry)).toThrow(OutboxTransitionError);
        // Never mutates its input: the stored copy stays as it was until the new one is written.
        expect(entry.state).toBe(state);
      });
    }
  }
  it('sent is final: no transition leaves it', () => {
    const sent = inState('sent');
    for (const [, run] of transitions) expect(() => run(sent)).toThrow(OutboxTransitionError);
  });
});

describe('beginSend', () => {
  it('marks the entry sending and counts the attempt', () => {
    expect(beginSend({ ...pending(), attempts: 2 })).toMatchObject({ state: 'sending', attempts: 3 });
  });
});

describe('applyOutcome', () => {
  it('2xx with a transaction-response Bundle: sent, with the response kept, and the drain goes on', () => {
    const e = sending();
    const t = applyOutcome({ ...e, lastError: 'HTTP 503 earlier' }, ok(e), NOW, half, policy);
    expect(t.next).toEqual({ kind: 'continue' });
    expect(t.entry).toMatchObject({ state: 'sent', sentAt: NOW, lastStatus: 200, response: { status: 200, replayed: false, body: transactionResponse(e.bundle) } });
    expect(t.entry.lastError).toBeUndefined();
  });

  it('a replayed 200 (Idempotency-Replayed, any header case) is sent and marked replayed', () => {
    const e = sending();
    expect(applyOutcome(e, ok(e, { 'Idempotency-Replayed': 'true' }), NOW, half, policy).entry.response?.replayed).toBe(true);
    expect(applyOutcome(e, response(201, transactionResponse(e.bundle)), NOW, half, policy).entry.state).toBe('sent');
  });

  const malformed: [string, string][] = [
    ['truncated JSON', transactionResponse(bundleText('enc-0007', 2)).slice(0, 40)],
    ['an HTML page', '<!doctype html><html><body>Welcome to clinic Wi-Fi</body></html>'],
    ['an empty body', ''],
    ['a batch-response', JSON.stringify({ resourceType: 'Bundle', type: 'batch-response', entry: [] })],
    ['an OperationOutcome', operationOutcome({ diagnostics: 'odd' })],
    ['fewer entries than were sent', JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: [{ response: { status: '201 Created' } }] })],
    ['an entry that failed', JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: [1, 2, 3].map(() => ({ response: { status: '400 Bad Request' } })) })],
  ];
  for (const [what, body] of malformed) {
    it(`2xx with ${what}: not sent, retried (a replay is safe)`, () => {
      const t = applyOutcome(sending(), response(200, body), NOW, half, policy);
      expect(t.entry.state).toBe('pending');
      expect(t.next.kind).toBe('wait');
      expect(t.entry.lastError).toMatch(/not a transaction response/);
      expect(t.entry.response).toBeUndefined();
    });
  }

  it('409: conflict with every issue of the OperationOutcome, and the drain goes on', () => {
    const body = operationOutcome(
      { code: 'conflict', diagnostics: 'Claim identifier urn:cw:claim|enc-0007-r2 already holds a different claim', expression: ['Bundle.entry[2].resource.identifier[0]'] },
      { severity: 'warning', code: 'duplicate', diagnostics: 'Idempotency-Key reused with a different body' },
    );
    const t = applyOutcome(sending(), response(409, body, { 'content-type': 'application/fhir+json' }), NOW, half, policy);
    expect(t.next).toEqual({ kind: 'continue' });
    expect(t.entry.state).toBe('conflict');
    expect(t.entry.serverReason).toBe(
      'error conflict: Claim identifier urn:cw:claim|enc-0007-r2 already holds a different claim (at Bundle.entry[2].resource.identifier[0])\nwarning duplicate: Idempotency-Key reused with a different body',
    );
    expect(t.entry.lastError).toMatch(/^Conflict \(HTTP 409\): .*\(\+1 more\)$/);
  });

  for (const status of [400, 403, 413, 422]) {
    it(`${status}: rejected with the server's reason, and the drain goes on`, () => {
      const body = operationOutcome({ code: 'code-invalid', diagnostics: 'S52.501 is not billable on 2026-06-05', expression: ['Condition.code'] });
      const t = applyOutcome(sending(), response(status, body), NOW, half, policy);
      expect(t.next).toEqual({ kind: 'continue' });
      expect(t.entry).toMatchObject({ state: 'rejected', lastStatus: status, serverReason: 'error code-invalid: S52.501 is not billable on 2026-06-05 (at Condition.code)' });
    });
  }

  it('a rejection without an OperationOutcome still keeps what the server said', () => {
    const t = applyOutcome(sending(), response(400, 'Bad Request: body is not JSON'), NOW, half, policy);
    expect(t.entry.serverReason).toBe('HTTP 400: Bad Request: body is not JSON');
  });

  it('401: paused for sign-in, and everything stops', () => {
    const t = applyOutcome(sending(), response(401, operationOutcome({ code: 'login', diagnostics: 'token expired' })), NOW, half, policy);
    expect(t.next).toEqual({ kind: 'pause-for-sign-in' });
    expect(t.entry.state).toBe('paused-for-sign-in');
    expect(t.entry.lastError).toMatch(/sign in/);
  });

  for (const status of [408, 425, 429, 500, 502, 503, 504, 599]) {
    it(`${status}: retried after the jittered backoff, the drain stops`, () => {
      const t = applyOutcome(sending(3), response(status, 'oops'), NOW, () => 0.5, policy);
      // attempts 3 → retry exponent 2 → ceiling 4 s → half of it.
      expect(t.next).toEqual({ kind: 'wait', until: NOW + 2_000 });
      expect(t.entry).toMatchObject({ state: 'pending', nextAttemptAt: NOW + 2_000, lastStatus: status, attempts: 3 });
      expect(t.entry.lastError).toBe(`The billing server answered HTTP ${status}; trying again in 2 s`);
    });
  }

  it('503 with Retry-After in seconds waits at least that long', () => {
    const t = applyOutcome(sending(), response(503, '', { 'Retry-After': '7' }), NOW, half, policy);
    expect(t.next).toEqual({ kind: 'wait', until: NOW + 7_000 });
  });

  it('429 with Retry-After as an HTTP-date waits until then', () => {
    const t = applyOutcome(sending(), response(429, '', { 'retry-after': new Date(NOW + 12_000).toUTCString() }), NOW, half, policy);
    expect(t.entry.nextAttemptAt).toBe(NOW + 12_000);
  });

  it('a Retry-After shorter than the backoff does not shorten it', () => {
    const t = applyOutcome(sending(7), response(503, '', { 'retry-after': '1' }), NOW, () => 0.9, policy);
    expect(t.entry.nextAttemptAt).toBe(NOW + 54_000);
  });

  it('an unreadable Retry-After is ignored, not fatal', () => {
    const t = applyOutcome(sending(), response(503, '', { 'retry-after': 'later please' }), NOW, () => 0.25, policy);
    expect(t.entry.nextAttemptAt).toBe(NOW + 250);
  });

  it('a network error or a timeout: retried', () => {
    const a = applyOutcome(sending(), { kind: 'network-error', message: 'ECONNREFUSED' }, NOW, half, policy);
    expect(a.entry).toMatchObject({ state: 'pending', nextAttemptAt: NOW + 500 });
    expect(a.entry.lastError).toMatch(/could not be reached \(ECONNREFUSED\)/);
    const b = applyOutcome(sending(), { kind: 'timeout' }, NOW, half, policy);
    expect(b.next).toEqual({ kind: 'wait', until: NOW + 500 });
    expect(b.entry.lastError).toMatch(/did not answer in time/);
  });

  for (const status of [404, 405, 302, 101]) {
    it(`${status}: the entry stays pending (not rejected) and the drain stops until the cap`, () => {
      const t = applyOutcome(sending(), response(status, 'Not Found'), NOW, half, policy);
      expect(t.entry).toMatchObject({ state: 'pending', nextAttemptAt: NOW + 60_000, lastStatus: status });
      expect(t.next).toMatchObject({ kind: 'stop', until: NOW + 60_000 });
      expect(t.entry.lastError).toMatch(/server address/);
    });
  }
});

describe('recovery, sign-in and resend', () => {
  it('an entry found sending goes back to pending under the same Idempotency-Key', () => {
    const r = recoverInterrupted(sending(2));
    expect(r).toMatchObject({ state: 'pending', idempotencyKey: 'enc-0007/r2', attempts: 2, bundle: bundleText('enc-0007', 2) });
  });

  it('a paused entry is due at once after sign-in', () => {
    expect(resumeAfterSignIn({ ...inState('paused-for-sign-in'), nextAttemptAt: NOW + 99_000 }, NOW)).toMatchObject({ state: 'pending', nextAttemptAt: NOW });
  });

  it('resend clears the reason, starts the attempts over and uses a fresh Idempotency-Key', () => {
    const rejected: OutboxEntry = { ...inState('rejected'), attempts: 4, serverReason: 'error: bad code', lastError: 'Rejected', lastStatus: 422 };
    const once = resend(rejected, NOW);
    expect(once).toMatchObject({ state: 'pending', attempts: 0, resends: 1, idempotencyKey: 'enc-0007/r2/resend-1', nextAttemptAt: NOW, bundle: rejected.bundle, id: 'enc-0007/r2' });
    expect(once.serverReason).toBeUndefined();
    expect(once.lastError).toBeUndefined();
    const fixed = bundleText('enc-0007', 2, 4);
    const twice = resend({ ...once, state: 'conflict' }, NOW + 5, fixed);
    expect(twice).toMatchObject({ idempotencyKey: 'enc-0007/r2/resend-2', bundle: fixed, resends: 2 });
  });
});

describe('reading server bodies', () => {
  it('recognises a transaction-response only with one 2xx entry per request entry', () => {
    const body = transactionResponse(bundleText('x', 1, 5));
    expect(isTransactionResponse(body, 5)).toBe(true);
    expect(isTransactionResponse(body, 4)).toBe(false);
    expect(isTransactionResponse(body, null)).toBe(true);
    expect(isTransactionResponse('null', null)).toBe(false);
    expect(isTransactionResponse('[]', null)).toBe(false);
  });

  it('describes an OperationOutcome issue by details.text when it has no diagnostics', () => {
    const body = JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'forbidden', details: { text: 'Task 12 is assigned to another coder' } }] });
    expect(describeOperationOutcome(body, 403)).toBe('error forbidden: Task 12 is assigned to another coder');
    expect(describeOperationOutcome('', 422)).toBe('HTTP 422 with an empty body');
    expect(describeOperationOutcome('x'.repeat(1000), 400)).toHaveLength('HTTP 400: '.length + 300);
  });
});
