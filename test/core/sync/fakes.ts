import type { Outcome, OutboxEntry } from '../../../core/sync/outbox';
import { newOutboxEntry } from '../../../core/sync/outbox';
import type { CancelSignal, Clock, Credentials, OutboxStore, SyncTransport } from '../../../core/sync/ports';

/** Lets every pending promise callback run (a few macrotask turns). */
export async function flush(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A clock whose time moves only when a test says so; sleeps resolve as time passes them. */
export class FakeClock implements Clock {
  private timers: { at: number; resolve: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(public time = Date.UTC(2026, 5, 1, 9, 0, 0)) {}

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: CancelSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const id = this.nextId++;
      const done = (): void => {
        this.timers = this.timers.filter((t) => t.id !== id);
        resolve();
      };
      this.timers.push({ at: this.time + Math.max(0, ms), resolve: done, id });
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** Timers still waiting (cancelled ones are gone). */
  get pendingTimers(): number[] {
    return this.timers.map((t) => t.at).sort((a, b) => a - b);
  }

  /** Move time forward by `ms`, firing each timer due on the way in order, and let the work it starts run. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      await flush();
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.time = Math.max(this.time, due.at);
      due.resolve();
    }
    this.time = end;
    await flush();
  }
}

/** The outbox in memory; entries are copied in and out as a database would. */
export class MemoryOutboxStore implements OutboxStore {
  readonly rows = new Map<string, OutboxEntry>();
  /** Makes the next `update` throw (a failed IndexedDB write). */
  failNextUpdate: Error | null = null;
  updates = 0;

  add(...entries: OutboxEntry[]): this {
    for (const e of entries) this.rows.set(e.id, structuredClone(e));
    return this;
  }

  async listOpen(): Promise<OutboxEntry[]> {
    return [...this.rows.values()].filter((e) => e.state !== 'sent').sort((a, b) => a.seq - b.seq).map((e) => structuredClone(e));
  }

  async get(id: string): Promise<OutboxEntry | undefined> {
    const e = this.rows.get(id);
    return e && structuredClone(e);
  }

  async update(entry: OutboxEntry): Promise<void> {
    if (this.failNextUpdate) {
      const error = this.failNextUpdate;
      this.failNextUpdate = null;
      throw error;
    }
    if (!this.rows.has(entry.id)) throw new Error(`no entry ${entry.id}`);
    this.updates++;
    this.rows.set(entry.id, structuredClone(entry));
  }

  state(id: string): string | undefined {
    return this.rows.get(id)?.state;
  }
}

export interface SentRequest {
  id: string;
  key: string;
  token: string;
  bundle: string;
}

/**
 * A transport that answers from a script: `respond(entry, n)` gives the outcome of the n-th
 * send (0-based, over the whole test). Records every call and checks that sends never
 * overlap (the runner must keep one request in flight).
 */
export class ScriptedTransport implements SyncTransport {
  healthy = true;
  healthCalls = 0;
  readonly sends: SentRequest[] = [];
  private inFlight = 0;
  overlapped = false;

  constructor(public respond: (entry: OutboxEntry, n: number) => Outcome | Promise<Outcome> = (entry) => ok(entry)) {}

  async health(): Promise<boolean> {
    this.healthCalls++;
    return this.healthy;
  }

  async send(entry: OutboxEntry, token: string): Promise<Outcome> {
    if (this.inFlight > 0) this.overlapped = true;
    this.inFlight++;
    try {
      const n = this.sends.length;
      this.sends.push({ id: entry.id, key: entry.idempotencyKey, token, bundle: entry.bundle });
      return await this.respond(entry, n);
    } finally {
      this.inFlight--;
    }
  }

  get sentIds(): string[] {
    return this.sends.map((s) => s.id);
  }
}

export class FakeCredentials implements Credentials {
  constructor(public current: string | null = 'token-1') {}
  async token(): Promise<string | null> {
    return this.current;
  }
}

/** A request bundle with `entries` entries, as core/fhir would make it (only the shape matters here). */
export function bundleText(encounterId: string, revision: number, entries = 3): string {
  return JSON.stringify({
    resourceType: 'Bundle',
    type: 'transaction',
    entry: Array.from({ length: entries }, (_, i) => ({ fullUrl: `urn:uuid:${encounterId}-${revision}-${i}`, resource: { resourceType: 'Basic' }, request: { method: 'POST', url: 'Basic' } })),
  });
}

/** The transaction-response Bundle the server sends for `bundle`. */
export function transactionResponse(bundle: string): string {
  const n = (JSON.parse(bundle) as { entry: unknown[] }).entry.length;
  return JSON.stringify({ resourceType: 'Bundle', type: 'transaction-response', entry: Array.from({ length: n }, (_, i) => ({ response: { status: '201 Created', location: `Basic/${i}/_history/1` } })) });
}

export function ok(entry: OutboxEntry, headers: Record<string, string> = {}): Outcome {
  return { kind: 'response', status: 200, headers: { 'content-type': 'application/fhir+json', ...headers }, body: transactionResponse(entry.bundle) };
}

export function operationOutcome(...issues: { severity?: string; code?: string; diagnostics?: string; expression?: string[] }[]): string {
  return JSON.stringify({ resourceType: 'OperationOutcome', issue: issues.map((i) => ({ severity: 'error', code: 'invalid', ...i })) });
}

export function response(status: number, body = '', headers: Record<string, string> = {}): Outcome {
  return { kind: 'response', status, headers, body };
}

/** Entries for encounters `enc-1..n`, revision 1, seq = position, created at `now`. */
export function entries(n: number, now: number): OutboxEntry[] {
  return Array.from({ length: n }, (_, i) => newOutboxEntry({ encounterId: `enc-${i + 1}`, revision: 1, seq: i + 1, bundle: bundleText(`enc-${i + 1}`, 1) }, now));
}

/** A deterministic [0, 1) source (mulberry32). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
