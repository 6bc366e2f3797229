import type { Bundle } from '../../core/fhir/types';
import { worklistBundleToEncounters, worklistQuery } from '../../core/fhir/worklist';
import { mergeWorklist } from '../../core/coding/worklist-merge';
import { SyncRunner, type SyncStatus } from '../../core/sync/sync-runner';
import type { Clock } from '../../core/sync/ports';
import { workstationDb, type WorkstationDatabase } from '../db/database';
import { desktop } from '../platform';
import { DexieOutboxStore } from './dexie-outbox-store';
import { FetchTransport, fetchFhir, FhirRequestError } from './fetch-transport';
import type { BillingServerSettings } from './server-settings';

/** How often the loop looks again by itself: a retry due, a connection back, new work on the server. */
const TICK_MS = 15_000;
const CURSOR_KEY = 'worklist-cursor';

const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface PullState {
  at: string | null;
  added: number;
  refreshed: number;
  error: string | null;
}

/**
 * The workstation's one sync loop, with a billing server set: the outbox runner (core/sync)
 * over fetch and the Dexie outbox, and the worklist pull. Triggers: start, the browser's
 * "online" event (a hint only: the runner asks the server's health before sending), a timer,
 * and "Sync now". In demo mode none of this runs.
 */
export class SyncService {
  readonly runner: SyncRunner;
  private readonly transport: FetchTransport;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pulling: Promise<void> | null = null;
  private pullState: PullState = { at: null, added: 0, refreshed: 0, error: null };
  private readonly pullListeners = new Set<(s: PullState) => void>();
  private notifiedRejections = new Set<string>();

  constructor(
    readonly settings: BillingServerSettings,
    private readonly db: WorkstationDatabase = workstationDb(),
  ) {
    this.transport = new FetchTransport(settings.url);
    this.runner = new SyncRunner({
      store: new DexieOutboxStore(db, settings.coder),
      transport: this.transport,
      credentials: { token: () => this.token() },
      clock: realClock,
    });
  }

  /** The stored sign-in, or the start script's demo token for its own loopback server. */
  async token(): Promise<string | null> {
    return (await desktop.readCredential()) ?? this.settings.demoToken ?? null;
  }

  start(): void {
    const onOnline = () => this.syncNow();
    window.addEventListener('online', onOnline);
    this.timer = setInterval(() => {
      this.runner.kick();
      void this.pull();
    }, TICK_MS);
    let lastSent = 0;
    this.runner.subscribe((status) => {
      lastSent = this.notifySent(status, lastSent);
      this.notifyRejections(status);
    });
    this.stopListening = () => window.removeEventListener('online', onOnline);
    // A start is also a sign-in (Settings saved a token, or the app opened with one): entries a
    // 401 paused go back to pending; with a token still refused they pause again.
    void this.runner.resumeAfterSignIn().then(() => this.pull());
  }

  private stopListening: () => void = () => {};

  /** "Sync now", and a connection coming back: send now whatever the backoff says, then pull. */
  syncNow(): void {
    void this.runner.drain({ ignoreBackoff: true }).then(() => this.pull());
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.stopListening();
    await this.runner.dispose();
  }

  pullStatus(): PullState {
    return this.pullState;
  }

  onPull(listener: (s: PullState) => void): () => void {
    this.pullListeners.add(listener);
    return () => this.pullListeners.delete(listener);
  }

  /**
   * Pull what changed on the worklist since the last pull and merge it without touching work
   * in progress (core/coding/worklist-merge). The cursor is the server's own clock
   * (`Bundle.meta.lastUpdated`), so a workstation clock that is off loses nothing.
   */
  pull(): Promise<void> {
    this.pulling ??= this.doPull().finally(() => (this.pulling = null));
    return this.pulling;
  }

  private async doPull(): Promise<void> {
    const token = await this.token();
    if (!token) return;
    try {
      const cursor = (await this.db.syncMeta.get(CURSOR_KEY))?.value;
      const bundle = (await fetchFhir(this.settings.url, worklistQuery(this.settings.coder, cursor), token)) as Bundle;
      const incoming = worklistBundleToEncounters(bundle, this.settings.coder);
      const at = new Date().toISOString();
      const db = this.db;
      const merged = await db.transaction('rw', db.encounters, db.audit, db.syncMeta, async () => {
        const local = new Map((await db.encounters.bulkGet(incoming.map((e) => e.id))).filter((e) => e !== undefined).map((e) => [e.id, e]));
        const merge = mergeWorklist(local, incoming, at);
        await db.encounters.bulkPut(merge.changed);
        for (const a of merge.alerts) await db.audit.add({ encounterId: a.encounterId, at, by: this.settings.coder, action: 'note changed on server', detail: a.title });
        for (const e of merge.changed.filter((c) => !local.has(c.id))) await db.audit.add({ encounterId: e.id, at, by: this.settings.coder, action: 'received', detail: `worklist pull from ${this.settings.url}` });
        if (bundle.meta?.lastUpdated) await db.syncMeta.put({ key: CURSOR_KEY, value: bundle.meta.lastUpdated });
        return merge;
      });
      this.setPull({ at, added: merged.added, refreshed: merged.refreshed, error: null });
    } catch (error) {
      // Offline is the normal case for this app: the pull tries again on the next tick.
      const offline = !(error instanceof FhirRequestError);
      this.setPull({ ...this.pullState, error: offline ? null : (error as Error).message });
    }
  }

  private setPull(state: PullState): void {
    this.pullState = state;
    for (const l of this.pullListeners) l(state);
  }

  /** A desktop notification when a drain has sent encounters. */
  private notifySent(status: SyncStatus, last: number): number {
    if (status.phase !== 'draining' && status.sentThisSession > last) {
      void desktop.notify({ kind: 'finished', count: status.sentThisSession - last });
      return status.sentThisSession;
    }
    return last;
  }

  /** A desktop notification for each newly rejected or conflicting encounter. */
  private notifyRejections(status: SyncStatus): void {
    for (const e of status.entries) {
      if ((e.state === 'rejected' || e.state === 'conflict') && !this.notifiedRejections.has(e.id)) {
        this.notifiedRejections.add(e.id);
        void desktop.notify({ kind: 'rejected', encounter: e.encounterId, reason: e.serverReason ?? e.lastError ?? e.state });
      }
    }
  }
}

let service: SyncService | null = null;

/** The running sync service, or null in demo mode. */
export function activeSync(): SyncService | null {
  return service;
}

/** Start (or restart, after Settings change) the sync service; null settings = demo mode. */
export async function configureSync(settings: BillingServerSettings | null): Promise<SyncService | null> {
  await service?.stop();
  service = settings ? new SyncService(settings) : null;
  service?.start();
  return service;
}
