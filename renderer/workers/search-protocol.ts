import type { CodeSystem } from '../../core/codesets/types';
import type { CodeDetail } from '../../core/search/code-detail';
import type { EncounterCheck } from '../../core/coding/check-encounter';
import type { Encounter } from '../../core/coding/encounter';
import type { LookupAnswer, LookupOptions } from '../../core/search/lookup-engine';

/** Messages to the search worker. `seq` pairs an answer with its question. */
export type SearchRequest =
  | { type: 'build' }
  | { type: 'search'; seq: number; query: string; options: LookupOptions }
  | { type: 'detail'; seq: number; system: CodeSystem; code: string; options: LookupOptions }
  | { type: 'check'; seq: number; encounter: Encounter };

/** Messages from the search worker. */
export type SearchEvent =
  | { type: 'building' }
  | { type: 'ready'; entries: number; ms: number }
  | { type: 'build-failed'; message: string }
  | { type: 'results'; seq: number; answer: LookupAnswer; ms: number }
  | { type: 'detail'; seq: number; detail: CodeDetail | null }
  | { type: 'checked'; seq: number; check: EncounterCheck };
