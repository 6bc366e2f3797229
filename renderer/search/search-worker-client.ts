import type { CodeSystem } from '../../core/codesets/types';
import type { CodeDetail } from '../../core/search/code-detail';
import type { LookupAnswer, LookupOptions } from '../../core/search/lookup-engine';
import type { EncounterCheck } from '../../core/coding/check-encounter';
import type { Encounter } from '../../core/coding/encounter';
import type { SearchEvent, SearchRequest } from '../workers/search-protocol';

export interface SearchState {
  status: 'idle' | 'building' | 'ready' | 'failed';
  message?: string;
  entries?: number;
  buildMs?: number;
}

type Listener = () => void;

/**
 * The UI side of the search worker. Every search carries a sequence number and only the answer
 * to the newest one is delivered: answers to keystrokes the coder has already typed past are
 * dropped, so the list never flickers back to an older query.
 */
export class SearchWorkerClient {
  private state: SearchState = { status: 'idle' };
  private readonly listeners = new Set<Listener>();
  private seq = 0;
  private latestSearch = 0;
  private readonly pending = new Map<number, (value: never) => void>();

  constructor(private readonly worker: Worker) {
    worker.addEventListener('message', (e: MessageEvent<SearchEvent>) => this.apply(e.data));
  }

  getState = (): SearchState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** (Re)build the index from what is installed: at start and after an import. */
  rebuild(): void {
    this.post({ type: 'build' });
  }

  /** Resolves with the answer, or with null when a newer search overtook it. */
  search(query: string, options: LookupOptions): Promise<{ answer: LookupAnswer; ms: number } | null> {
    const seq = ++this.seq;
    this.latestSearch = seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve as (value: never) => void);
      this.post({ type: 'search', seq, query, options });
    });
  }

  detail(system: CodeSystem, code: string, options: LookupOptions): Promise<CodeDetail | null> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve as (value: never) => void);
      this.post({ type: 'detail', seq, system, code, options });
    });
  }

  /** Run the edits on the encounter as it now stands (answered once the index is built). */
  check(encounter: Encounter): Promise<EncounterCheck> {
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve as (value: never) => void);
      // The edits never read the notes: leave them (and any PDF) out of the copy to the worker.
      this.post({ type: 'check', seq, encounter: { ...encounter, documents: [] } });
    });
  }

  private post(request: SearchRequest): void {
    this.worker.postMessage(request);
  }

  private apply(event: SearchEvent): void {
    switch (event.type) {
      case 'building':
        return this.set({ status: 'building' });
      case 'ready':
        return this.set({ status: 'ready', entries: event.entries, buildMs: event.ms });
      case 'build-failed':
        return this.set({ status: 'failed', message: event.message });
      case 'results': {
        const resolve = this.pending.get(event.seq);
        this.pending.delete(event.seq);
        // Older searches resolve to null: the coder has typed on.
        (resolve as ((v: unknown) => void) | undefined)?.(event.seq === this.latestSearch ? { answer: event.answer, ms: event.ms } : null);
        return;
      }
      case 'detail':
      case 'checked': {
        const resolve = this.pending.get(event.seq);
        this.pending.delete(event.seq);
        (resolve as ((v: unknown) => void) | undefined)?.(event.type === 'detail' ? event.detail : event.check);
      }
    }
  }

  private set(patch: Partial<SearchState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

let client: SearchWorkerClient | null = null;

/** The app's search worker, started on first use. */
export function searchWorker(): SearchWorkerClient {
  client ??= new SearchWorkerClient(new Worker(new URL('../workers/search.worker.ts', import.meta.url), { type: 'module', name: 'search' }));
  return client;
}
