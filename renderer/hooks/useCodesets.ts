import { useSyncExternalStore } from 'react';
import { codesetsWorker, type CodesetsState } from '../codesets/codesets-worker-client';

/** Code-set load and import state, live from the worker. */
export function useCodesets(): CodesetsState {
  const client = codesetsWorker();
  return useSyncExternalStore(client.subscribe, client.getState);
}
