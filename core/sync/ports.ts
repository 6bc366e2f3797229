import type { Outcome, OutboxEntry } from './outbox';

/**
 * The sync runner's ports: everything it needs from the platform, as narrow typed interfaces.
 * The renderer passes a Dexie store, a `fetch` transport, the credential port and the real
 * clock; tests pass in-memory fakes.
 */

/**
 * Where outbox entries live. Each `update` is atomic for its entry (one Dexie `rw`
 * transaction); the entry was first written in the transaction that froze its revision.
 */
export interface OutboxStore {
  /** Every entry that is not `sent`, in `seq` order. */
  listOpen(): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Replace the stored entry with this one (same id). */
  update(entry: OutboxEntry): Promise<void>;
}

/**
 * HTTP to the billing server. Neither method throws for anything the network or the server
 * does: failures come back as `false` or as an `Outcome`.
 */
export interface SyncTransport {
  /**
   * `GET /health` within `timeoutMs`: true only for a 200 whose body is `{"status":"ok"}`
   * (a captive portal's 200 page is not the billing server).
   */
  health(timeoutMs: number): Promise<boolean>;
  /**
   * `POST /` with the entry's bundle, `Authorization: Bearer <token>`, `Content-Type:
   * application/fhir+json` and `Idempotency-Key: <entry.idempotencyKey>`; a `timeout` outcome
   * when no complete answer arrived within `timeoutMs` (the request is then aborted).
   */
  send(entry: OutboxEntry, token: string, timeoutMs: number): Promise<Outcome>;
}

/** The coder's server credential (the OS secret store under Electron). */
export interface Credentials {
  /** The bearer token, or null when the coder is not signed in. */
  token(): Promise<string | null>;
}

/**
 * The subset of `AbortSignal` the runner uses, so core/ needs no DOM types; a real
 * `AbortSignal` satisfies it, and so does `Cancellation.signal`.
 */
export interface CancelSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Time, injected so tests run retries and backoff without waiting. */
export interface Clock {
  /** Ms since the epoch. */
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts (resolving, not rejecting). */
  sleep(ms: number, signal?: CancelSignal): Promise<void>;
}

/** A minimal AbortController for core/ (which has no DOM types). */
export class Cancellation {
  readonly signal: CancelSignal;
  private readonly listeners = new Set<() => void>();
  private cancelled = false;

  constructor() {
    const isCancelled = (): boolean => this.cancelled;
    this.signal = {
      get aborted(): boolean {
        return isCancelled();
      },
      addEventListener: (_type, listener) => {
        if (this.cancelled) listener();
        else this.listeners.add(listener);
      },
      removeEventListener: (_type, listener) => {
        this.listeners.delete(listener);
      },
    };
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const listener of [...this.listeners]) listener();
    this.listeners.clear();
  }
}
