import type { LoadProgress } from './load-shipped-packs';
import type { ImportProgress, ImportResult } from './import-release-files';
import type { PickedFile } from '../platform/desktop-api';
import type { CodesetsEvent, CodesetsRequest } from '../workers/codesets-protocol';

/** What the UI knows about code-set work happening in the worker. */
export interface CodesetsState {
  load: LoadProgress | null;
  loadError: string | null;
  importing: ImportProgress | null;
  importError: string | null;
  lastImport: ImportResult | null;
}

type Listener = () => void;

/**
 * The UI side of the code-set worker: one worker for the app's lifetime, its state kept here
 * and read by React through useSyncExternalStore.
 */
export class CodesetsWorkerClient {
  private state: CodesetsState = { load: null, loadError: null, importing: null, importError: null, lastImport: null };
  private readonly listeners = new Set<Listener>();
  private readonly worker: Worker;

  constructor(worker: Worker) {
    this.worker = worker;
    worker.addEventListener('message', (e: MessageEvent<CodesetsEvent>) => this.apply(e.data));
    worker.addEventListener('error', (e) => this.set({ loadError: `the code-set worker failed: ${e.message}` }));
  }

  getState = (): CodesetsState => this.state;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  loadShipped(packsBaseUrl: string): void {
    this.set({ loadError: null });
    this.post({ type: 'load-shipped', packsBaseUrl });
  }

  importFiles(files: PickedFile[]): void {
    this.set({ importing: { phase: 'parsing', rowsDone: 0, rowsTotal: 0 }, importError: null, lastImport: null });
    this.post({ type: 'import', files });
  }

  private post(request: CodesetsRequest): void {
    // Transfer file bytes instead of copying them: release files are tens of megabytes.
    const transfer = request.type === 'import' ? request.files.map((f) => f.bytes.buffer as ArrayBuffer) : [];
    this.worker.postMessage(request, transfer);
  }

  private apply(event: CodesetsEvent): void {
    switch (event.type) {
      case 'load-progress':
        return this.set({ load: event.progress });
      case 'load-failed':
        return this.set({ loadError: event.message });
      case 'import-progress':
        return this.set({ importing: event.progress });
      case 'import-done':
        return this.set({ importing: null, lastImport: event.result });
      case 'import-failed':
        return this.set({ importing: null, importError: event.message });
    }
  }

  private set(patch: Partial<CodesetsState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }
}

let client: CodesetsWorkerClient | null = null;

/** The app's code-set worker, started on first use. */
export function codesetsWorker(): CodesetsWorkerClient {
  client ??= new CodesetsWorkerClient(new Worker(new URL('../workers/codesets.worker.ts', import.meta.url), { type: 'module', name: 'codesets' }));
  return client;
}
