import { useEffect, useState } from 'react';
import type { LookupAnswer, LookupOptions } from '../../core/search/lookup-engine';
import { workstationDb } from '../db/database';
import { useSearchStatus } from '../hooks/useSearchStatus';
import { findCodesByPrefix } from '../lookup/find-codes-by-prefix';
import { searchWorker } from './search-worker-client';

/**
 * The answer to a lookup, following every keystroke: from the search worker once its index is
 * built, and until then codes and code starts straight from IndexedDB. Shared by the Lookup
 * screen and the coding panel so both behave the same.
 */
export function useLookup(query: string, options: LookupOptions, codesetsReady: boolean): { answer: LookupAnswer | null; ms: number | null; indexReady: boolean } {
  const status = useSearchStatus();
  const [answer, setAnswer] = useState<LookupAnswer | null>(null);
  const [ms, setMs] = useState<number | null>(null);
  const optionsKey = JSON.stringify(options);

  useEffect(() => {
    if (!query.trim()) {
      setAnswer(null);
      return;
    }
    let current = true;
    const opts = JSON.parse(optionsKey) as LookupOptions;
    if (status.status !== 'ready') {
      if (!codesetsReady) return;
      findCodesByPrefix(workstationDb(), query, opts.date ?? new Date().toISOString().slice(0, 10), opts.limit ?? 25, opts.systems).then((found) => {
        if (!current) return;
        const results = found.matches.map((m) => ({ system: m.system, code: m.code, display: m.display, title: m.title, billable: m.billable, kind: m.kind, version: m.version, score: 0, matched: [] as [number, number][] }));
        setAnswer({ query, mode: 'code', results, corrections: [] });
        setMs(null);
      });
    } else {
      searchWorker()
        .search(query, opts)
        .then((r) => {
          if (!current || !r) return;
          setAnswer(r.answer);
          setMs(r.ms);
        });
    }
    return () => {
      current = false;
    };
  }, [query, optionsKey, status.status, codesetsReady]);

  return { answer: query.trim() ? answer : null, ms, indexReady: status.status === 'ready' };
}
