import { useSyncExternalStore } from 'react';
import { searchWorker, type SearchState } from '../search/search-worker-client';

/** Whether the lookup index is built, live from the search worker. */
export function useSearchStatus(): SearchState {
  const client = searchWorker();
  return useSyncExternalStore(client.subscribe, client.getState);
}
