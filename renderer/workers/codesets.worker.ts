/// <reference lib="webworker" />
import { loadShippedPacks } from '../codesets/load-shipped-packs';
import { importReleaseFiles } from '../codesets/import-release-files';
import { workstationDb } from '../db/database';
import type { CodesetsEvent, CodesetsRequest } from './codesets-protocol';

/**
 * Code-set loading and importing run here, off the UI thread: gunzip, JSON parsing, CMS file
 * parsing and 100k-row IndexedDB writes would otherwise freeze the screen for seconds.
 */
const post = (event: CodesetsEvent) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(event);

// One job at a time: an import must not interleave with the first-run load.
let queue: Promise<void> = Promise.resolve();

self.addEventListener('message', (e: MessageEvent<CodesetsRequest>) => {
  const request = e.data;
  queue = queue.then(() => handle(request));
});

async function handle(request: CodesetsRequest): Promise<void> {
  const db = workstationDb();
  if (request.type === 'load-shipped') {
    const fetchBytes = async (path: string) => {
      const response = await fetch(new URL(path, request.packsBaseUrl));
      if (!response.ok) throw new Error(`could not read the shipped code sets (${path}: HTTP ${response.status}); rebuild them with npm run codesets:build`);
      return new Uint8Array(await response.arrayBuffer());
    };
    try {
      await loadShippedPacks(db, fetchBytes, (progress) => post({ type: 'load-progress', progress }));
    } catch (error) {
      post({ type: 'load-failed', message: (error as Error).message });
    }
    return;
  }
  try {
    const result = await importReleaseFiles(db, request.files, (progress) => post({ type: 'import-progress', progress }));
    post({ type: 'import-done', result });
  } catch (error) {
    post({ type: 'import-failed', message: (error as Error).message });
  }
}
