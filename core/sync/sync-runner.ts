import { DEFAULT_RETRY_POLICY, type RetryPolicy, fullJitterDelay } from './backoff';
import { type Outcome, type OutboxEntry, type OutboxState, applyOutcome, beginSend, isAwaitingServer, needsCoderAction, recoverInterrupted, resend, resumeAfterSignIn } from './outbox';
import { Cancellation, type Clock, type Credentials, type OutboxStore, type SyncTransport } from './ports';

export type ConnectionState = 'online' | 'offline' | 'unknown';

/**
 * What the runner is doing: `draining` (sending), `waiting` (a retry is scheduled at
 * `nextAttemptAt`), `offline` (the health check failed; it tries again at `nextAttemptAt`),
 * `paused-for-sign-in` (no token, or the server answered 401), `idle` (nothing left to send),
 * `error` (the store failed; it tries again at `nextAttemptAt`), `stopped` (disposed).
 */
export type SyncPhase = 'idle' | 'draining' | 'waiting' | 'offline' | 'paused-for-sign-in' | 'error' | 'stopped';

/** One outbox entry as the UI shows it. */
export interface OutboxEntrySummary {
  id: string;
  encounterId: string;
  revision: number;
  seq: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: number;
  lastError?: string;
  serverReason?: string;
}

/** A snapshot for the UI: connection, counts, and every entry not yet sent. */
export interface SyncStatus {
  connection: ConnectionState;
  phase: SyncPhase;
  /** True when nothing is sent until the coder signs in (no token, or a 401). */
  signInRequired: boolean;
  /** Entries still on their way to the server (pending, sending, paused for sign-in). */
  pending: number;
  /** Conflicts and rejections waiting for the coder. */
  needsAttention: number;
  /** When the runner will try again by itself, if it will. */
  nextAttemptAt: number | null;
  /** The last thing that went wrong, as a coder reads it; null after a clean drain. */
  lastError: string | null;
  /** Entries sent since this runner started. */
  sentThisSession: number;
  /** Open entries (everything not sent), in seq order. */
  entries: OutboxEntrySummary[];
}

/** How a drain ended. `sent` counts the entries it moved to `sent`. */
export type DrainResult =
  | { kind: 'done'; sent: number }
  | { kind: 'waiting'; until: number; sent: number }
  | { kind: 'offline'; until: number; sent: number }
  | { kind: 'paused-for-sign-in'; sent: number }
  | { kind: 'error'; message: string; until: number; sent: number }
  | { kind: 'stopped'; sent: number };

export interface DrainOptions {
  /**
   * Send the head entry now even if its retry is scheduled later: for "Sync now" and
   * "connection back". Timer-driven drains leave it false and keep the backoff.
   */
  ignoreBackoff?: boolean;
}

export interface SyncRunnerOptions {
  store: OutboxStore;
  transport: SyncTransport;
  credentials: Credentials;
  clock: Clock;
  /** [0, 1), like Math.random; seeded in tests. */
  random?: () => number;
  policy?: Partial<RetryPolicy>;
  /**
   * Longest wait for one send's answer. 30 s: the reference server applies a bundle in
   * milliseconds; this covers a slow clinic uplink without holding the queue for minutes.
   */
  requestTimeoutMs?: number;
  /** Longest wait for `GET /health`. 3 s: reachability must be known fast, and health answers in ms. */
  healthTimeoutMs?: number;
}

/**
 * The single sync loop: drains the outbox to the billing server strictly in `seq` order.
 *
 * - Triggers are the caller's (start, connection back, a timer, "Sync now"): each calls
 *   `kick()` or `drain()`. Only one drain runs at a time; a call during a drain joins it, and
 *   the drain takes one more pass if the call came in after it had listed the outbox.
 * - A drain first asks `GET /health` (reachability is found by trying, never from
 *   navigator.onLine alone), then sends. A retryable failure stops the drain — later entries
 *   must not overtake it, so revision 2 never reaches the server before revision 1 — and the
 *   runner wakes itself at the scheduled time. Conflicts and rejections are set aside with
 *   the server's reason and the drain goes on. A 401 pauses everything until
 *   `resumeAfterSignIn()`.
 * - Every state change is stored (`OutboxStore.update`) before the next step, so a crash at
 *   any point leaves an entry `pending` or `sending`, and `sending` is replayed at the next
 *   drain under the same Idempotency-Key.
 */
export class SyncRunner {
  private readonly store: OutboxStore;
  private readonly transport: SyncTransport;
  private readonly credentials: Credentials;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly policy: RetryPolicy;
  private readonly requestTimeoutMs: number;
  private readonly healthTimeoutMs: number;

  private running: Promise<DrainResult> | null = null;
  private rerun = false;
  private rerunIgnoresBackoff = false;
  private resumeRequested = false;
  /** The server answered 401: latched until `resumeAfterSignIn()`. */
  private pausedBy401 = false;
  private noToken = false;
  private disposed = false;
  private wake: Cancellation | null = null;
  /** Consecutive failed health checks or store errors: the exponent of their backoff. */
  private troubles = 0;

  private connection: ConnectionState = 'unknown';
  private phase: SyncPhase = 'idle';
  private nextAttemptAt: number | null = null;
  private lastError: string | null = null;
  private sentThisSession = 0;
  private entries = new Map<string, OutboxEntry>();
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(options: SyncRunnerOptions) {
    this.store = options.store;
    this.transport = options.transport;
    this.credentials = options.credentials;
    this.clock = options.clock;
    this.random = options.random ?? Math.random;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.policy };
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.healthTimeoutMs = options.healthTimeoutMs ?? 3_000;
  }

  /** Drain now, or join the drain already running. Never rejects: failures are in the result and `status()`. */
  drain(options: DrainOptions = {}): Promise<DrainResult> {
    if (this.disposed) return Promise.resolve({ kind: 'stopped', sent: 0 });
    if (this.running) {
      this.rerun = true;
      this.rerunIgnoresBackoff ||= options.ignoreBackoff === true;
      return this.running;
    }
    this.cancelWake();
    const run = this.loop(options.ignoreBackoff === true).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  /** Resolves when no drain is running (a drain the runner woke itself for included). */
  async whenIdle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** `drain()` for triggers that do not wait for the result. */
  kick(options: DrainOptions = {}): void {
    void this.drain(options);
  }

  /**
   * The coder signed in again (the credential port now has a fresh token): entries paused by
   * a 401 go back to pending and the drain resumes where it stopped.
   */
  resumeAfterSignIn(): Promise<DrainResult> {
    this.resumeRequested = true;
    this.pausedBy401 = false;
    this.noToken = false;
    return this.drain({ ignoreBackoff: true });
  }

  /**
   * The coder resends a conflict or rejected entry, with a corrected bundle or as it was.
   * Safe during a drain: a drain never writes conflict or rejected entries.
   */
  async resend(id: string, newBundle?: string): Promise<DrainResult> {
    const entry = await this.store.get(id);
    if (!entry) throw new Error(`outbox entry ${id} does not exist`);
    const next = resend(entry, this.clock.now(), newBundle);
    await this.store.update(next);
    this.entries.set(next.id, next);
    this.emit();
    return this.drain();
  }

  status(): SyncStatus {
    const entries = [...this.entries.values()].sort((a, b) => a.seq - b.seq);
    return {
      connection: this.connection,
      phase: this.phase,
      signInRequired: this.pausedBy401 || this.noToken,
      pending: entries.filter((e) => isAwaitingServer(e.state)).length,
      needsAttention: entries.filter((e) => needsCoderAction(e.state)).length,
      nextAttemptAt: this.nextAttemptAt,
      lastError: this.lastError,
      sentThisSession: this.sentThisSession,
      entries: entries.map(summary),
    };
  }

  /** Called with a fresh snapshot after every change; returns the unsubscribe function. */
  subscribe(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stop: no new sends, no more wake-ups; resolves when the send in flight (if any) is stored. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.cancelWake();
    if (this.running) await this.running;
    this.setPhase('stopped', null);
  }

  private async loop(ignoreBackoff: boolean): Promise<DrainResult> {
    const counter = { sent: 0 };
    try {
      for (;;) {
        this.rerun = false;
        this.rerunIgnoresBackoff = false;
        const result = await this.pass(ignoreBackoff, counter);
        const again = this.rerun && !this.disposed && (result.kind === 'done' || (result.kind === 'paused-for-sign-in' && this.resumeRequested));
        if (!again) return result;
        ignoreBackoff = this.rerunIgnoresBackoff;
      }
    } catch (error) {
      // The store (or a port) threw: nothing was lost (the entry in hand is still pending or
      // sending, and sending is replayed), so report it and try again later.
      const message = `Sync stopped: ${error instanceof Error ? error.message : String(error)}`;
      const until = this.clock.now() + Math.max(this.policy.baseMs, fullJitterDelay(this.troubles++, this.policy, this.random));
      this.lastError = message;
      this.schedule(until);
      this.setPhase('error', until);
      return { kind: 'error', message, until, sent: counter.sent };
    }
  }

  private async pass(ignoreBackoff: boolean, counter: { sent: number }): Promise<DrainResult> {
    this.setPhase('draining', null);
    const open = await this.store.listOpen();
    this.entries = new Map();
    for (const listed of open) {
      let entry = listed;
      if (entry.state === 'sending') {
        entry = recoverInterrupted(entry);
        await this.store.update(entry);
      }
      if (entry.state === 'paused-for-sign-in' && this.resumeRequested) {
        entry = resumeAfterSignIn(entry, this.clock.now());
        await this.store.update(entry);
      }
      this.entries.set(entry.id, entry);
    }
    this.resumeRequested = false;
    if ([...this.entries.values()].some((e) => e.state === 'paused-for-sign-in')) this.pausedBy401 = true;
    if (this.pausedBy401) {
      this.setPhase('paused-for-sign-in', null);
      return { kind: 'paused-for-sign-in', sent: counter.sent };
    }

    const queue = [...this.entries.values()].filter((e) => e.state === 'pending').sort((a, b) => a.seq - b.seq);
    // The head's retry is not due yet (a timer or the connection watcher called early): wait
    // for it without touching the network. Only the head can be in backoff, since nothing
    // overtakes a failing entry.
    const head = queue[0];
    if (head && head.nextAttemptAt > this.clock.now() && !ignoreBackoff) return this.waitFor(head, counter);

    const reachable = await this.checkHealth();
    if (!reachable) {
      const until = this.clock.now() + fullJitterDelay(this.troubles++, this.policy, this.random);
      this.connection = 'offline';
      this.lastError = 'The billing server cannot be reached; finished encounters wait here and are sent when it answers';
      this.schedule(until);
      this.setPhase('offline', until);
      return { kind: 'offline', until, sent: counter.sent };
    }
    this.connection = 'online';
    this.troubles = 0;

    if (queue.length === 0) {
      this.finishClean();
      return { kind: 'done', sent: counter.sent };
    }
    const token = await this.credentials.token();
    if (!token) {
      this.noToken = true;
      this.lastError = 'Sign in to the billing server to send finished encounters';
      this.setPhase('paused-for-sign-in', null);
      return { kind: 'paused-for-sign-in', sent: counter.sent };
    }
    this.noToken = false;

    for (const queued of queue) {
      if (this.disposed) return { kind: 'stopped', sent: counter.sent };
      if (queued.nextAttemptAt > this.clock.now() && !ignoreBackoff) return this.waitFor(queued, counter);
      ignoreBackoff = false;

      const sending = beginSend(queued);
      await this.store.update(sending);
      this.entries.set(sending.id, sending);
      this.emit();

      const outcome = await this.send(sending, token);
      const { entry, next } = applyOutcome(sending, outcome, this.clock.now(), this.random, this.policy);
      await this.store.update(entry);
      if (entry.state === 'sent') {
        this.entries.delete(entry.id);
        counter.sent++;
        this.sentThisSession++;
      } else {
        this.entries.set(entry.id, entry);
      }
      this.connection = outcome.kind === 'response' ? 'online' : outcome.kind === 'network-error' ? 'offline' : 'unknown';

      switch (next.kind) {
        case 'continue':
          this.emit();
          break;
        case 'wait':
          this.lastError = entry.lastError ?? null;
          this.schedule(next.until);
          this.setPhase('waiting', next.until);
          return { kind: 'waiting', until: next.until, sent: counter.sent };
        case 'stop':
          this.lastError = next.reason;
          this.schedule(next.until);
          this.setPhase('waiting', next.until);
          return { kind: 'waiting', until: next.until, sent: counter.sent };
        case 'pause-for-sign-in':
          this.pausedBy401 = true;
          this.lastError = entry.lastError ?? null;
          this.setPhase('paused-for-sign-in', null);
          return { kind: 'paused-for-sign-in', sent: counter.sent };
      }
    }
    this.finishClean();
    return { kind: 'done', sent: counter.sent };
  }

  private waitFor(entry: OutboxEntry, counter: { sent: number }): DrainResult {
    this.lastError = entry.lastError ?? null;
    this.schedule(entry.nextAttemptAt);
    this.setPhase('waiting', entry.nextAttemptAt);
    return { kind: 'waiting', until: entry.nextAttemptAt, sent: counter.sent };
  }

  private finishClean(): void {
    const attention = [...this.entries.values()].filter((e) => needsCoderAction(e.state)).length;
    this.lastError = attention > 0 ? `${attention} finished encounter${attention === 1 ? '' : 's'} need${attention === 1 ? 's' : ''} your attention (conflict or rejected)` : null;
    this.setPhase('idle', null);
  }

  private async checkHealth(): Promise<boolean> {
    try {
      // A transport that ignores its timeout must not hold the loop: the deadline adds a
      // second of grace on top of the timeout it was given.
      const result = await this.withDeadline(this.transport.health(this.healthTimeoutMs), this.healthTimeoutMs + 1_000);
      return result === true;
    } catch {
      return false;
    }
  }

  private async send(entry: OutboxEntry, token: string): Promise<Outcome> {
    try {
      const outcome = await this.withDeadline(this.transport.send(entry, token, this.requestTimeoutMs), this.requestTimeoutMs + 1_000);
      return outcome ?? { kind: 'timeout' };
    } catch (error) {
      return { kind: 'network-error', message: error instanceof Error ? error.message : String(error) };
    }
  }

  /** The promise's value, or undefined when `ms` passes first. */
  private async withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
    const cancel = new Cancellation();
    const deadline = this.clock.sleep(ms, cancel.signal).then(() => undefined);
    try {
      return await Promise.race([promise, deadline]);
    } finally {
      cancel.cancel();
    }
  }

  private schedule(until: number): void {
    this.cancelWake();
    if (this.disposed) return;
    const wake = new Cancellation();
    this.wake = wake;
    void this.clock.sleep(Math.max(0, until - this.clock.now()), wake.signal).then(
      () => {
        if (wake.signal.aborted || this.disposed) return;
        this.wake = null;
        this.kick();
      },
      () => undefined,
    );
  }

  private cancelWake(): void {
    this.wake?.cancel();
    this.wake = null;
  }

  private setPhase(phase: SyncPhase, nextAttemptAt: number | null): void {
    this.phase = phase;
    this.nextAttemptAt = nextAttemptAt;
    this.emit();
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const status = this.status();
    for (const listener of [...this.listeners]) {
      try {
        listener(status);
      } catch {
        // A broken listener must not stop the sync loop; the UI catches its own errors.
      }
    }
  }
}

function summary(e: OutboxEntry): OutboxEntrySummary {
  const s: OutboxEntrySummary = { id: e.id, encounterId: e.encounterId, revision: e.revision, seq: e.seq, state: e.state, attempts: e.attempts, nextAttemptAt: e.nextAttemptAt };
  if (e.lastError !== undefined) s.lastError = e.lastError;
  if (e.serverReason !== undefined) s.serverReason = e.serverReason;
  return s;
}
