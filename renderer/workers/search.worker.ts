/// <reference lib="webworker" />
import Dexie from 'dexie';
import type { TabularList } from '../../core/codesets/tabular-xml';
import { checkEncounter } from '../../core/coding/check-encounter';
import { editDataFromStoredReleases } from '../../core/coding/data/edit-data';
import { codingReference, hcpcsDatesFromStoredReleases } from '../../core/coding/engine-reference';
import { hccFor } from '../../core/coding/hcc';
import type { Encounter } from '../../core/coding/encounter';
import type { CodingReference } from '../../core/coding/reference';
import { codeDetail } from '../../core/search/code-detail';
import { corpusFromStoredReleases, type StoredRelease } from '../../core/search/corpus-from-rows';
import { LookupEngine } from '../../core/search/lookup-engine';
import { workstationDb } from '../db/database';
import type { SearchEvent, SearchRequest } from './search-protocol';

/**
 * The lookup engine lives here, off the UI thread: building its index takes a couple of
 * seconds once per start, and a search never makes the search box wait for a keystroke.
 */
const post = (event: SearchEvent) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(event);

let engine: LookupEngine | null = null;
let tabular: TabularList | undefined;
let reference: CodingReference | null = null;

const WARM_UP: Encounter = {
  id: 'warm-up',
  visit: '',
  patient: { mrn: '', name: '', birthDate: '1970-01-01', sex: 'unknown' },
  dateOfService: '2026-01-01',
  setting: 'office',
  provider: { name: '', specialty: '' },
  documents: [],
  status: 'to-do',
  revision: 1,
  coding: { diagnoses: [{ id: 'a', code: 'E1165', evidence: [] }], procedures: [{ id: 'l', system: 'hcpcs', code: 'A4253', modifiers: ['KX'], units: 1, date: '2026-01-01', pointers: ['a'], evidence: [] }] },
  acknowledgements: [],
  assignedTo: '',
  receivedAt: '',
  updatedAt: '',
};
let building: Promise<void> | null = null;

self.addEventListener('message', (e: MessageEvent<SearchRequest>) => {
  const request = e.data;
  if (request.type === 'build') {
    building = build();
    return;
  }
  // Searches wait for a build in progress, then answer in order.
  void (building ?? Promise.resolve()).then(() => answer(request));
});

async function build(): Promise<void> {
  post({ type: 'building' });
  const started = performance.now();
  try {
    const db = workstationDb();
    const releases = await db.releases.toArray();
    const stored: StoredRelease[] = await Promise.all(
      releases.map(async (r) => {
        const range = [
          [r.id, Dexie.minKey],
          [r.id, Dexie.maxKey],
        ] as const;
        const rows =
          r.content === 'codes'
            ? (await db.codeBlocks.where('[releaseId+block]').between(range[0], range[1]).toArray()).map((b) => ({ key: b.block, json: b.json }))
            : await db.reference.where('[releaseId+key]').between(range[0], range[1]).toArray();
        return { meta: r.meta, rows };
      }),
    );
    const built = corpusFromStoredReleases(stored);
    engine = new LookupEngine(built.corpus);
    tabular = built.tabular;
    reference = codingReference({ engine, tabular, hcpcsDates: hcpcsDatesFromStoredReleases(stored), ...editDataFromStoredReleases(stored) });
    // The first run fills the reference's caches and JIT: done here, not on the coder's first change.
    checkEncounter(WARM_UP, reference);
    post({ type: 'ready', entries: built.corpus.entries.length, ms: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: 'build-failed', message: (error as Error).message });
  }
}

function answer(request: Exclude<SearchRequest, { type: 'build' }>): void {
  if (!engine) return;
  if (request.type === 'search') {
    const started = performance.now();
    const result = engine.search(request.query, request.options);
    post({ type: 'results', seq: request.seq, answer: result, ms: performance.now() - started });
  } else if (request.type === 'check') {
    if (reference) post({ type: 'checked', seq: request.seq, check: checkEncounter(request.encounter, reference, () => performance.now()) });
  } else {
    const detail = codeDetail(engine, tabular, request.system, request.code, request.options);
    const hcc = detail && request.system === 'icd10cm' && reference ? hccFor(reference, request.code) : null;
    if (detail && hcc?.v28.length) detail.hcc = { categories: hcc.v28, release: hcc.source };
    post({ type: 'detail', seq: request.seq, detail });
  }
}
