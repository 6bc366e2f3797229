import { type RetryPolicy, parseRetryAfter, retryDelay } from './backoff';

/**
 * The outbox: one entry per finished encounter revision, written in the same transaction as
 * the revision (so a finished encounter can never exist without its way to the server), and
 * moved through its states only by the pure transitions below. Nothing here does I/O; the
 * sync runner (`sync-runner.ts`) performs the sends and stores what these functions return.
 *
 * States:
 * - `pending`: waiting to be sent (first try, or a retry at `nextAttemptAt`).
 * - `sending`: a request is on the wire. Found at start-up it means the app died mid-send;
 *   it goes back to `pending` and is replayed under the same Idempotency-Key, which the
 *   server answers with its original result if the first request was committed.
 * - `sent`: the server applied it (or replayed its earlier 200). Final.
 * - `conflict`: the server holds a different bundle under this key or an identifier in it.
 * - `rejected`: the server refused the bundle (400/403/413/422); nothing of it was stored.
 * - `paused-for-sign-in`: the server asked for sign-in (401); every send waits for it.
 * Conflict and rejected entries keep the server's reason until the coder fixes and resends:
 * nothing is ever dropped.
 */
export type OutboxState = 'pending' | 'sending' | 'sent' | 'conflict' | 'rejected' | 'paused-for-sign-in';

/** What the server said when it applied an entry, kept for the audit trail. */
export interface SentResponse {
  status: number;
  /** True when the server answered with its stored result of an earlier request (`Idempotency-Replayed`). */
  replayed: boolean;
  /** The transaction-response Bundle as received. */
  body: string;
}

export interface OutboxEntry {
  /** `<encounterId>/r<revision>`: the store key, and the Idempotency-Key of the first bundle. */
  id: string;
  encounterId: string;
  revision: number;
  /** Global order of finishing; the runner sends strictly in this order. */
  seq: number;
  /** The transaction Bundle as JSON text: byte-identical on every retry, so a replay matches. */
  bundle: string;
  state: OutboxState;
  /**
   * The Idempotency-Key header to send: `id` until the coder resends after a conflict or a
   * rejection, then `id/resend-N` (see `resend`). The transport must send this, not `id`.
   */
  idempotencyKey: string;
  /** How many times the coder has resent this entry after a conflict or rejection. */
  resends: number;
  /** Sends tried since the entry was created or last resent; the backoff's exponent. */
  attempts: number;
  /** Ms since the epoch: not sent before this. */
  nextAttemptAt: number;
  /** The last failure as a coder reads it ("HTTP 503 from the billing server; next try in 4 s"). */
  lastError?: string;
  /** For conflict and rejected: every issue of the server's OperationOutcome, one per line. */
  serverReason?: string;
  /** HTTP status of the server's last answer, when there was one. */
  lastStatus?: number;
  createdAt: number;
  sentAt?: number;
  /**
   * A rejected or conflicting revision the coder fixed by finishing a later one: kept (never
   * dropped silently) but no longer sent or counted as needing attention.
   */
  supersededBy?: number;
  response?: SentResponse;
}

/** The result of one send as the transport saw it. Header names are lower case. */
export type Outcome =
  | { kind: 'response'; status: number; headers: Record<string, string>; body: string }
  | { kind: 'network-error'; message: string }
  | { kind: 'timeout' };

/**
 * What the runner does after a transition:
 * - `continue`: send the next entry.
 * - `wait`: a retryable failure; stop the drain (later entries must not overtake this one)
 *   and try this entry again at `until`.
 * - `pause-for-sign-in`: stop everything until the coder signs in again.
 * - `stop`: an answer no retry schedule explains (404, a redirect: usually a wrong server
 *   address). The entry stays pending; the drain stops and tries again at `until` (the cap).
 */
export type NextStep =
  | { kind: 'continue' }
  | { kind: 'wait'; until: number }
  | { kind: 'pause-for-sign-in' }
  | { kind: 'stop'; until: number; reason: string };

export interface Transition {
  entry: OutboxEntry;
  next: NextStep;
}

/** Thrown when a transition is asked of an entry in a state it does not start from (a programming error). */
export class OutboxTransitionError extends Error {
  constructor(
    readonly entryId: string,
    readonly from: OutboxState,
    readonly transition: string,
  ) {
    super(`outbox entry ${entryId}: cannot ${transition} from state '${from}'`);
    this.name = 'OutboxTransitionError';
  }
}

export function outboxEntryId(encounterId: string, revision: number): string {
  return `${encounterId}/r${revision}`;
}

/**
 * A new pending entry for a finished revision. `seq` must be larger than every earlier
 * entry's (the store assigns it in the transaction that writes the revision).
 */
export function newOutboxEntry(input: { encounterId: string; revision: number; seq: number; bundle: string }, now: number): OutboxEntry {
  const id = outboxEntryId(input.encounterId, input.revision);
  return {
    id,
    encounterId: input.encounterId,
    revision: input.revision,
    seq: input.seq,
    bundle: input.bundle,
    state: 'pending',
    idempotencyKey: id,
    resends: 0,
    attempts: 0,
    nextAttemptAt: now,
    createdAt: now,
  };
}

/** States the entry is still on its way to the server in (what "pending" counts for the coder). */
export function isAwaitingServer(state: OutboxState): boolean {
  return state === 'pending' || state === 'sending' || state === 'paused-for-sign-in';
}

/** States the coder has to act on. */
export function needsCoderAction(state: OutboxState): boolean {
  return state === 'conflict' || state === 'rejected';
}

/** pending → sending, counting the attempt. Stored before the request leaves. */
export function beginSend(entry: OutboxEntry): OutboxEntry {
  if (entry.state !== 'pending') throw new OutboxTransitionError(entry.id, entry.state, 'begin a send');
  return { ...entry, state: 'sending', attempts: entry.attempts + 1 };
}

/**
 * sending → pending, for an entry found `sending` when the runner starts: the app died (or
 * the store write failed) while its request was out. It is sent again under the same
 * Idempotency-Key, so if the first request was committed the server replays its 200.
 */
export function recoverInterrupted(entry: OutboxEntry): OutboxEntry {
  if (entry.state !== 'sending') throw new OutboxTransitionError(entry.id, entry.state, 'recover an interrupted send');
  return { ...entry, state: 'pending', lastError: 'The app closed while this was being sent; it is sent again (the server answers a repeat with its first result).' };
}

/** paused-for-sign-in → pending, once the coder has signed in again. Sent at once. */
export function resumeAfterSignIn(entry: OutboxEntry, now: number): OutboxEntry {
  if (entry.state !== 'paused-for-sign-in') throw new OutboxTransitionError(entry.id, entry.state, 'resume after sign-in');
  return { ...entry, state: 'pending', nextAttemptAt: now };
}

/**
 * conflict | rejected → pending: the coder resends, with a corrected bundle or as it was
 * (after a fix on the server's side, such as a code-set update). The server's reason is
 * cleared and the attempts start over.
 *
 * The request gets a fresh Idempotency-Key (`id/resend-N`): the earlier answer was final and
 * stored nothing of the bundle, so a new key cannot duplicate anything, while the old key
 * may be remembered by the server with its refusal (replaying it) or with a different body
 * (a 409 for a corrected bundle). Duplicates of the claim itself are still prevented by the
 * bundle's workstation-assigned identifiers and conditional creates.
 */
export function resend(entry: OutboxEntry, now: number, newBundle?: string): OutboxEntry {
  if (!needsCoderAction(entry.state)) throw new OutboxTransitionError(entry.id, entry.state, 'resend');
  const resends = entry.resends + 1;
  const next: OutboxEntry = {
    ...entry,
    state: 'pending',
    bundle: newBundle ?? entry.bundle,
    resends,
    idempotencyKey: `${entry.id}/resend-${resends}`,
    attempts: 0,
    nextAttemptAt: now,
  };
  delete next.serverReason;
  delete next.lastError;
  return next;
}

/**
 * The heart of the outbox: a `sending` entry and what came back → the entry's new state and
 * what the runner does next. `random` feeds the backoff's jitter ([0, 1), like Math.random).
 *
 * - 2xx with a transaction-response Bundle → sent (a replay of an earlier 200 included).
 * - 2xx with anything else (truncated JSON, an HTML page from a proxy) → retry: we cannot
 *   tell whether it was applied, and the server's idempotency makes the retry safe.
 * - 409 → conflict; 400, 403, 413, 422 → rejected; both keep the server's reason and let
 *   the drain go on with the next entry.
 * - 401 → paused for sign-in: every send stops until the coder signs in.
 * - 408, 425, 429, 5xx, a network error, a timeout → retry after max(Retry-After, jitter).
 * - Anything else (404, 405, 3xx, 1xx) → stays pending and the drain stops: retrying every
 *   entry would not help and rejecting them all would bury the coder in false rejections.
 */
export function applyOutcome(entry: OutboxEntry, outcome: Outcome, now: number, random: () => number, policy: RetryPolicy): Transition {
  if (entry.state !== 'sending') throw new OutboxTransitionError(entry.id, entry.state, 'apply a send outcome');
  const retry = (error: string, retryAfterMs: number | null, status?: number): Transition => {
    const until = now + retryDelay(entry.attempts - 1, retryAfterMs, policy, random);
    const next: OutboxEntry = { ...entry, state: 'pending', nextAttemptAt: until, lastError: `${error}; trying again in ${waitLabel(until - now)}` };
    if (status !== undefined) next.lastStatus = status;
    return { entry: next, next: { kind: 'wait', until } };
  };

  if (outcome.kind === 'network-error') return retry(`The billing server could not be reached (${outcome.message})`, null);
  if (outcome.kind === 'timeout') return retry('The billing server did not answer in time', null);

  const { status, body } = outcome;
  const headers = lowerCaseKeys(outcome.headers);
  if (status >= 200 && status <= 299) {
    if (!isTransactionResponse(body, requestEntryCount(entry.bundle))) {
      return retry(`The billing server's answer (HTTP ${status}) was not a transaction response`, null, status);
    }
    const sent: OutboxEntry = {
      ...entry,
      state: 'sent',
      sentAt: now,
      lastStatus: status,
      response: { status, replayed: (headers['idempotency-replayed'] ?? '').toLowerCase() === 'true', body },
    };
    delete sent.lastError;
    delete sent.serverReason;
    return { entry: sent, next: { kind: 'continue' } };
  }
  if (status === 409) {
    const reason = describeOperationOutcome(body, status);
    return { entry: { ...entry, state: 'conflict', lastStatus: status, serverReason: reason, lastError: `Conflict (HTTP 409): ${firstLine(reason)}` }, next: { kind: 'continue' } };
  }
  if (status === 400 || status === 403 || status === 413 || status === 422) {
    const reason = describeOperationOutcome(body, status);
    return { entry: { ...entry, state: 'rejected', lastStatus: status, serverReason: reason, lastError: `Rejected (HTTP ${status}): ${firstLine(reason)}` }, next: { kind: 'continue' } };
  }
  if (status === 401) {
    return {
      entry: { ...entry, state: 'paused-for-sign-in', lastStatus: status, lastError: 'The billing server asks you to sign in again (HTTP 401); sending waits until you do' },
      next: { kind: 'pause-for-sign-in' },
    };
  }
  if (status === 408 || status === 425 || status === 429 || (status >= 500 && status <= 599)) {
    return retry(`The billing server answered HTTP ${status}`, parseRetryAfter(headers['retry-after'], now), status);
  }
  const until = now + policy.capMs;
  const reason = `The billing server answered HTTP ${status}, which sync does not expect; check the server address in Settings`;
  return { entry: { ...entry, state: 'pending', nextAttemptAt: until, lastStatus: status, lastError: reason }, next: { kind: 'stop', until, reason } };
}

/**
 * True for a FHIR transaction-response Bundle: one entry per request entry (FHIR requires
 * it), each with a 2xx `response.status`. Anything less means the answer was damaged on the
 * way or came from something that is not the billing server.
 */
export function isTransactionResponse(body: string, requestEntries: number | null): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return false;
  }
  if (!isRecord(parsed) || parsed.resourceType !== 'Bundle' || parsed.type !== 'transaction-response') return false;
  const entries = parsed.entry ?? [];
  if (!Array.isArray(entries)) return false;
  if (requestEntries !== null && entries.length !== requestEntries) return false;
  return entries.every((e) => isRecord(e) && isRecord(e.response) && typeof e.response.status === 'string' && /^2\d\d\b/.test(e.response.status));
}

/** How many entries the request bundle has, or null when it is not readable (then not checked). */
function requestEntryCount(bundle: string): number | null {
  try {
    const parsed: unknown = JSON.parse(bundle);
    return isRecord(parsed) && Array.isArray(parsed.entry) ? parsed.entry.length : null;
  } catch {
    return null;
  }
}

/**
 * The server's reason as the coder reads it: every issue of the OperationOutcome, one per
 * line, as "severity code: diagnostics (at expression)". A body that is not an
 * OperationOutcome is shown as its first 300 characters, so no reason is ever lost.
 */
export function describeOperationOutcome(body: string, status: number): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (isRecord(parsed) && parsed.resourceType === 'OperationOutcome' && Array.isArray(parsed.issue) && parsed.issue.length > 0) {
    return parsed.issue
      .map((issue: unknown) => {
        if (!isRecord(issue)) return `HTTP ${status}: ${JSON.stringify(issue)}`;
        const head = [issue.severity, issue.code].filter((s) => typeof s === 'string').join(' ');
        const details = isRecord(issue.details) && typeof issue.details.text === 'string' ? issue.details.text : undefined;
        const text = typeof issue.diagnostics === 'string' ? issue.diagnostics : (details ?? '(no diagnostics)');
        const where = Array.isArray(issue.expression) && issue.expression.length > 0 ? ` (at ${issue.expression.join(', ')})` : '';
        return `${head ? `${head}: ` : ''}${text}${where}`;
      })
      .join('\n');
  }
  const snippet = body.trim().slice(0, 300);
  return `HTTP ${status}${snippet ? `: ${snippet}` : ' with an empty body'}`;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0];
  const more = text.includes('\n') ? ` (+${text.split('\n').length - 1} more)` : '';
  return `${line}${more}`;
}

/** "350 ms", "4 s", "2 min". */
export function waitLabel(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  return `${Math.round(ms / 60_000)} min`;
}

function lowerCaseKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
