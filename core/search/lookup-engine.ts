import Fuse from 'fuse.js';
import { normalizeCodeInput } from '../codesets/code-display';
import { releaseInEffect } from '../codesets/release-in-effect';
import type { CodeSystem, ReleaseMeta } from '../codesets/types';
import type { SearchCorpus, SearchEntry, ShownCode } from './search-corpus';
import { MAX_VARIANTS, Synonyms } from './synonyms';
import { matchedSpans, STOP_WORDS, words } from './text';
import { TypoCorrector } from './typo-correction';
import { buildWordIndex, idInRange, lowerBound, prefixRange, wordId, type WordIndex } from './word-index';

/** What the coder asked for besides the query. */
export interface LookupOptions {
  /** Results wanted (default 10). */
  limit?: number;
  /** Only these code sets (default all). */
  systems?: CodeSystem[];
  /** Only codes valid for claims (no headers, no modifiers). */
  billableOnly?: boolean;
  /** Date of service (YYYY-MM-DD): only the release of each code set in effect then. Default: each code set's newest release. */
  date?: string;
  /** Also return each result's score parts (for tuning and the CLI's --explain). */
  explain?: boolean;
}

/** One code found, as the results list and the CLI show it. */
export interface LookupResult extends ShownCode {
  /** Version of the release the code is shown from (the one in effect). */
  version: string;
  /** 0 is a perfect match, 1 the weakest that still made the list (fuse.js convention). */
  score: number;
  /** Character spans of `title` that the query matched, for highlighting. */
  matched: [number, number][];
  /** The Alphabetic Index path that led here, when that is why it ranks. */
  indexTerm?: string;
}

export interface LookupAnswer {
  query: string;
  mode: 'empty' | 'code' | 'words';
  results: LookupResult[];
  /** Words the engine corrected ("neumonia" -> "pneumonia"), to show as "searched for". */
  corrections: { typed: string; searched: string }[];
  /** With `explain`: how each result's rank was made. */
  explain?: { code: string; variant: string; lexical: number; index: number; fuse: number }[];
}

// ---- Tuned constants (each checked against the dev query set; see test/bench/lookup.bench.ts) ----
/** Longest query the engine reads: a pasted paragraph must not cost more than a sentence. */
export const MAX_QUERY_CHARS = 200;
/** Words of a query used; more are ignored (the first words carry the condition). */
export const MAX_QUERY_WORDS = 12;
/** A match inside index terms or inclusion terms counts this much against one in the title. */
export const EXTRA_FIELD_WEIGHT = 0.85;
/** A typed prefix scores between this (1 letter of a long word) and 1 (the whole word). */
export const PREFIX_FLOOR = 0.55;
/** Bonus for a title the query covers well: "heart failure" prefers "Heart failure, unspecified". */
export const COVERAGE_WEIGHT = 0.1;
/** Coders assign billable codes; a header ranks below a billable code that matches as well. */
export const BILLABLE_BONUS = 0.1;
/** The code the Alphabetic Index leads to for these words outranks codes that merely share them. */
export const INDEX_TARGET_BONUS = 0.35;
/** Postings a broad prefix may walk per keystroke: enough to hold every code of its commonest completions, few enough for ~10 ms. */
export const DRIVER_POSTINGS_CAP = 6_000;
/** Candidates checked for being the index's target: the lexical top few hundred. */
export const INDEX_TARGET_POOL = 400;
/** Candidates re-ranked by fuse.js: enough to reorder the visible page, few enough for a keystroke. */
export const RERANK_CANDIDATES = 40;
/** Weight of fuse.js's fuzzy score in the final rank. */
export const FUSE_WEIGHT = 0.3;
/** How far an unasked-for subsequent-encounter or sequela code steps back behind the initial encounter. */
export const ENCOUNTER_PENALTY = 0.04;
/** How far a code naming a side the coder did not type steps back behind the unspecified side. */
export const LATERALITY_PENALTY = 0.03;
const FLAG_SIDE = 1;
const FLAG_SEQUELA = 2;
const FLAG_SUBSEQUENT = 4;

interface AskedFor {
  side: boolean;
  sequela: boolean;
  subsequent: boolean;
}
/** Share of a prefix's score that depends on how common its completion is. */
export const COMPLETION_POPULARITY_WEIGHT = 0.3;
/** When every word cannot be matched, a code must still match this share of them. */
export const RELAXED_MIN_SHARE = 0.6;
/** Index subterms that only connect levels ("with", "without", "due to", "in"). */
const CONNECTORS: ReadonlySet<string> = new Set(['with', 'without', 'due', 'to', 'in', 'of', 'and', 'by', 'from', 'following', 'during', 'the']);
/** Upper bound of a final rank, to express it as a 0 (best) .. 1 score. */
const MAX_RANK = 1 + COVERAGE_WEIGHT + BILLABLE_BONUS + INDEX_TARGET_BONUS + FUSE_WEIGHT;

const FUSE_RERANK_OPTIONS = {
  includeScore: true,
  // Candidates are already prefiltered: fuse only orders them, so let weak matches through.
  threshold: 0.8,
  ignoreLocation: true,
  // Multi-word queries: each word fuzzy-matched on its own, weighted like BM25.
  useTokenSearch: true,
  keys: [
    { name: 'title', weight: 1 },
    { name: 'terms', weight: 0.5 },
  ],
};

interface QueryWord {
  text: string;
  /** Vocabulary id ranges this word matches (a prefix range, or corrected words). */
  ranges: [number, number][];
  /** Entries having any matching word: the cost of driving the search from this word. */
  df: number;
  weight: number;
  corrected: boolean;
}

interface Candidate {
  id: number;
  /** Best lexical score over the query variants, and that variant. */
  lexical: number;
  variant: number;
  /** Lexical score per variant that matched (the index target is judged per variant). */
  byVariant: Map<number, number>;
  indexBonus: number;
  indexTerm?: string;
  final: number;
}

/**
 * The lookup engine: every installed code set in one index, answering a keystroke in
 * milliseconds. Code-shaped input is an exact and prefix walk over the sorted codes. Words
 * gather candidates from the word-prefix index (abbreviations and lay terms expanded through
 * the curated synonyms; words no vocabulary word starts with corrected by fuse.js first),
 * score them by how well and where they match, boost the Alphabetic Index's own target and
 * billable codes, and let fuse.js re-rank the top few with its fuzzy scoring.
 */
export class LookupEngine {
  readonly corpus: SearchCorpus;
  readonly index: WordIndex;
  private readonly synonyms: Synonyms;
  private readonly corrector: TypoCorrector;
  private readonly codeKeys: string[];
  private readonly codeOrder: Int32Array;
  private readonly marks: Uint32Array;
  private stamp = 0;
  /** Per query variant, per entry: lexical score, valid when its stamp is this search's. */
  private readonly variantScores: Float32Array[];
  private readonly variantStamps: Uint32Array[];
  private readonly seen: Uint32Array;
  private readonly touched: number[] = [];
  private searchStamp = 0;
  private lastMatchInTitle = false;
  /** Per entry: FLAG_SIDE, FLAG_SEQUELA, FLAG_SUBSEQUENT (see unaskedPenalty). */
  private readonly entryFlags: Uint8Array;
  private readonly maxDfCache = new Map<number, number>();
  private readonly drivingCache = new Map<string, [number, number][]>();

  constructor(corpus: SearchCorpus, synonyms: Synonyms = new Synonyms()) {
    this.corpus = corpus;
    this.synonyms = synonyms;
    this.index = buildWordIndex(corpus.entries);
    const { vocabulary, postStart } = this.index;
    this.corrector = new TypoCorrector(vocabulary, (w) => {
      const id = wordId(vocabulary, w);
      return id < 0 ? 0 : postStart[id + 1] - postStart[id];
    });
    const order = corpus.entries.map((e) => e.id).sort((a, b) => (corpus.entries[a].code < corpus.entries[b].code ? -1 : corpus.entries[a].code > corpus.entries[b].code ? 1 : a - b));
    this.codeOrder = Int32Array.from(order);
    this.codeKeys = order.map((id) => corpus.entries[id].code);
    this.marks = new Uint32Array(corpus.entries.length);
    this.seen = new Uint32Array(corpus.entries.length);
    this.entryFlags = new Uint8Array(corpus.entries.length);
    const sides = ['right', 'left', 'bilateral'].map((w) => wordId(vocabulary, w)).filter((id) => id >= 0);
    const { titleIds, titleStart } = this.index;
    for (const e of corpus.entries) {
      if (e.system !== 'icd10cm') continue;
      let flags = 0;
      if (sides.some((side) => idInRange(titleIds, titleStart[e.id], titleStart[e.id + 1], side, side + 1) >= 0)) flags |= FLAG_SIDE;
      const seventh = e.code.length === 7 ? e.code[6] : '';
      if (seventh === 'S') flags |= FLAG_SEQUELA;
      if (seventh === 'D' || seventh === 'G' || seventh === 'K' || seventh === 'P') flags |= FLAG_SUBSEQUENT;
      this.entryFlags[e.id] = flags;
    }
    this.variantScores = Array.from({ length: MAX_VARIANTS }, () => new Float32Array(corpus.entries.length));
    this.variantStamps = Array.from({ length: MAX_VARIANTS }, () => new Uint32Array(corpus.entries.length));
  }

  search(query: string, opts: LookupOptions = {}): LookupAnswer {
    const limit = Math.max(1, opts.limit ?? 10);
    const text = query.slice(0, MAX_QUERY_CHARS).trim();
    const answer: LookupAnswer = { query, mode: 'empty', results: [], corrections: [] };
    if (!/[a-z0-9]/i.test(text)) return answer;
    const filter = this.filterFor(opts);

    const code = normalizeCodeInput(text);
    if (/^[A-Z0-9]+$/.test(code) && isCodeShaped(code, text)) {
      // Only ICD-10-CM codes are written with a dot: "E11.9" is never HCPCS E1190.
      const results = this.codeSearch(code, text.includes('.') ? this.filterFor({ ...opts, systems: ['icd10cm'] }) : filter, limit);
      // A code that is not in the release in effect is an answer too ("no C78.31 before
      // FY2027"); only short, word-like input ("b12") falls through to a word search.
      if (results.length || text.includes('.') || code.length > 3) return { ...answer, mode: 'code', results };
    }
    answer.mode = 'words';
    const tokens = words(text).slice(0, MAX_QUERY_WORDS);
    if (tokens.length === 0) return answer;
    const variants = this.synonyms.variants(tokens);
    const variantWords: QueryWord[][] = [];
    this.touched.length = 0;
    this.searchStamp++;
    variants.forEach((variant, v) => variantWords.push(this.resolveWords(variant, v === 0 ? answer.corrections : [])));
    this.scoreVariants(variantWords, filter);
    if (this.touched.length === 0) return answer;

    // Rank: lexical first; then the index's own target on a wide pool (the code the index leads
    // to often has a longer title than codes that merely share the words); fuse.js on the top few.
    const pool = this.topCandidates(variants.length, INDEX_TARGET_POOL);
    for (const c of pool) this.indexTarget(c, variantWords);
    const top = pool.sort((a, b) => b.final - a.final).slice(0, Math.max(RERANK_CANDIDATES, limit));
    this.rerankWithFuse(top, variantWords.map((qwords) => qwords.flatMap((w) => (w.corrected ? this.matchTexts(w).slice(0, 1) : [w.text]))));
    top.sort((a, b) => this.compare(a, b));
    const shownWords = [...new Set(variantWords.flat().flatMap((w) => this.matchTexts(w)))];
    answer.results = top.slice(0, limit).map((c) => this.toResult(this.corpus.entries[c.id], filter, 1 - c.final / MAX_RANK, shownWords, c.indexTerm));
    if (opts.explain) answer.explain = top.slice(0, limit).map((c) => ({ code: this.corpus.entries[c.id].code, variant: variants[c.variant].join(' '), lexical: round3(c.lexical), index: round3(c.indexBonus), fuse: round3(c.final - c.lexical - c.indexBonus) }));
    return answer;
  }

  /** The entry for one code as shown on a date of service (null when that release lacks it). */
  findCode(system: CodeSystem, code: string, opts: LookupOptions = {}): { entry: SearchEntry; release?: ReleaseMeta } | null {
    const filter = this.filterFor({ ...opts, systems: [system] });
    const from = lowerBound(this.codeKeys, code);
    for (let i = from; i < this.codeKeys.length && this.codeKeys[i] === code; i++) {
      const entry = this.corpus.entries[this.codeOrder[i]];
      if (entry.system === system && filter.accepts(entry)) return { entry, release: filter.releaseFor(entry) };
    }
    return null;
  }

  /**
   * Tie-breaking, in order: higher rank; billable before header (a coder assigns billable
   * codes); the index's own target; the shorter title (the more general, unspecified code
   * wins over a specific one the query did not ask for); then code order, which is tabular
   * order and keeps the list stable from one keystroke to the next.
   */
  private compare(a: Candidate, b: Candidate): number {
    if (Math.abs(b.final - a.final) > 1e-9) return b.final - a.final;
    const ea = this.corpus.entries[a.id];
    const eb = this.corpus.entries[b.id];
    if (ea.billable !== eb.billable) return ea.billable ? -1 : 1;
    if ((a.indexBonus > 0) !== (b.indexBonus > 0)) return a.indexBonus > 0 ? -1 : 1;
    if (this.index.titleLength[a.id] !== this.index.titleLength[b.id]) return this.index.titleLength[a.id] - this.index.titleLength[b.id];
    return ea.code < eb.code ? -1 : ea.code > eb.code ? 1 : 0;
  }

  // ---------------------------------------------------------------- code-shaped input

  private codeSearch(code: string, filter: EntryFilter, limit: number): LookupResult[] {
    const from = lowerBound(this.codeKeys, code);
    const to = lowerBound(this.codeKeys, code + '\uffff');
    const exact: SearchEntry[] = [];
    const prefixed: SearchEntry[] = [];
    for (let i = from; i < to && exact.length + prefixed.length < limit * 4; i++) {
      const e = this.corpus.entries[this.codeOrder[i]];
      if (!filter.accepts(e)) continue;
      (e.code === code ? exact : prefixed).push(e);
    }
    // Codes of the exact match's code set come first (e119 -> E11.9's children before HCPCS E1190).
    const systems = new Set(exact.map((e) => e.system));
    prefixed.sort((a, b) => Number(systems.has(b.system)) - Number(systems.has(a.system)));
    return [...exact, ...prefixed].slice(0, limit).map((e) => {
      // Exact match 0; a longer code scores a little lower per extra character.
      const score = e.code === code ? 0 : Math.min(0.5, 0.05 * (e.code.length - code.length));
      return this.toResult(e, filter, score, [], undefined, [[0, 0]]);
    });
  }

  // ---------------------------------------------------------------- word input

  /** Vocabulary ranges for each word; words nothing starts with are corrected with fuse.js. */
  private resolveWords(tokens: string[], corrections: LookupAnswer['corrections']): QueryWord[] {
    const { vocabulary, postStart } = this.index;
    const n = this.corpus.entries.length;
    return tokens.map((text, i) => {
      const last = i === tokens.length - 1;
      let ranges: [number, number][];
      let corrected = false;
      // A short word before the end is finished ("type 2 diabetes"): match it exactly. The
      // word being typed is always a prefix.
      if (text.length <= 2 && !last) {
        const id = wordId(vocabulary, text);
        ranges = id < 0 ? [] : [[id, id + 1]];
      } else {
        const range = prefixRange(vocabulary, text);
        ranges = range[0] < range[1] ? [range] : [];
      }
      if (ranges.length === 0 && !STOP_WORDS.has(text)) {
        const fixes = this.corrector.correct(text);
        ranges = fixes.map((w) => {
          const id = wordId(vocabulary, w);
          return [id, id + 1] as [number, number];
        });
        corrected = fixes.length > 0;
        if (fixes.length) corrections.push({ typed: text, searched: fixes[0] });
      }
      const df = ranges.reduce((sum, [lo, hi]) => sum + postStart[hi] - postStart[lo], 0);
      return { text, ranges, df, weight: Math.log(1 + n / (1 + df)), corrected };
    });
  }

  /** The words a variant must match: meaningful ones, and only those that can match anything. */
  private requiredOf(qwords: QueryWord[]): QueryWord[] {
    let required = qwords.filter((w) => !STOP_WORDS.has(w.text));
    if (required.length === 0) required = qwords;
    // A word matching nothing even after correction: search with the others.
    return required.filter((w) => w.ranges.length > 0);
  }

  /**
   * Every variant first with all its words required. Only when no variant finds anything is
   * one word allowed to be a typo that happens to start another word ("hart" starts
   * "hartnup": each longer word also stands for its corrections, in place so the index-target
   * check sees them too), and then a share of the words relaxed. Relaxed scans are the costly
   * ones; doing them only when needed keeps long queries within a keystroke's budget.
   */
  private scoreVariants(variantWords: QueryWord[][], filter: EntryFilter): void {
    let found = 0;
    variantWords.forEach((qwords, v) => {
      const required = this.requiredOf(qwords);
      if (required.length) found += this.collect(required, v, filter, required.length);
    });
    if (found > 0) return;
    variantWords.forEach((qwords, v) => {
      if (this.requiredOf(qwords).length < 2) return;
      for (let i = 0; i < qwords.length; i++) qwords[i] = this.withCorrections(qwords[i]);
      const required = this.requiredOf(qwords);
      found += this.collect(required, v, filter, required.length);
    });
    if (found > 0) return;
    variantWords.forEach((qwords, v) => {
      const required = this.requiredOf(qwords);
      if (required.length >= 2) this.collect(required, v, filter, Math.max(1, Math.ceil(required.length * RELAXED_MIN_SHARE)));
    });
  }

  /** The word also standing for its typo corrections (for words of 4+ letters not already corrected). */
  private withCorrections(w: QueryWord): QueryWord {
    if (w.corrected || w.text.length < 4 || STOP_WORDS.has(w.text)) return w;
    const { vocabulary, postStart } = this.index;
    const extra = this.corrector
      .correct(w.text, 6)
      .map((word) => wordId(vocabulary, word))
      .filter((id) => id >= 0 && !w.ranges.some(([lo, hi]) => id >= lo && id < hi))
      .map((id) => [id, id + 1] as [number, number]);
    if (extra.length === 0) return w;
    const ranges = [...w.ranges, ...extra];
    const df = ranges.reduce((sum, [lo, hi]) => sum + postStart[hi] - postStart[lo], 0);
    return { ...w, ranges, df, weight: Math.log(1 + this.corpus.entries.length / (1 + df)) };
  }

  /**
   * Score every entry matching at least `minMatched` of `required`, driven by the rarest word,
   * into this variant's score array. Returns how many entries matched. Scores live in typed
   * arrays indexed by entry: a broad keystroke touches tens of thousands of codes, and one
   * object per code made the garbage collector the slowest part of a search.
   */
  private collect(required: QueryWord[], variant: number, filter: EntryFilter, minMatched: number): number {
    let found = 0;
    const scores = this.variantScores[variant];
    const stamps = this.variantStamps[variant];
    const { postings, postStart } = this.index;
    const totalWeight = required.reduce((s, w) => s + w.weight, 0);
    const asked = this.askedFor(required);
    // Any entry matching `minMatched` words has one of the (n - minMatched + 1) rarest.
    const drivers = [...required].sort((a, b) => a.df - b.df).slice(0, required.length - minMatched + 1);
    const stamp = ++this.stamp;
    for (const driver of drivers) {
      for (const [lo, hi] of this.drivingRanges(driver)) {
        for (let p = postStart[lo]; p < postStart[hi]; p++) {
          const id = postings[p];
          if (this.marks[id] === stamp) continue;
          this.marks[id] = stamp;
          const entry = this.corpus.entries[id];
          if (!filter.accepts(entry)) continue;
          let matched = 0;
          let titleMatched = 0;
          let weighted = 0;
          for (const w of required) {
            const q = this.matchQuality(id, w);
            if (q > 0) {
              matched++;
              weighted += w.weight * q;
              if (this.lastMatchInTitle) titleMatched++;
            }
          }
          if (matched < minMatched) continue;
          const coverage = Math.min(1, titleMatched / Math.max(1, this.index.titleLength[id]));
          const lexical = weighted / totalWeight + COVERAGE_WEIGHT * coverage + (entry.billable ? BILLABLE_BONUS : 0) - this.unaskedPenalty(id, asked);
          found++;
          if (stamps[id] !== this.searchStamp || scores[id] < lexical) {
            stamps[id] = this.searchStamp;
            scores[id] = lexical;
          }
          if (this.seen[id] !== this.searchStamp) {
            this.seen[id] = this.searchStamp;
            this.touched.push(id);
          }
        }
      }
    }
    return found;
  }

  /**
   * The `size` best entries of this search by lexical score (over all variants), as
   * candidates. A bounded min-heap: tens of thousands of matches are never sorted.
   */
  private topCandidates(variantCount: number, size: number): Candidate[] {
    const best = (id: number) => {
      let b = -Infinity;
      for (let v = 0; v < variantCount; v++) if (this.variantStamps[v][id] === this.searchStamp) b = Math.max(b, this.variantScores[v][id]);
      return b;
    };
    const heapIds: number[] = [];
    const heapScores: number[] = [];
    const swap = (i: number, j: number) => {
      [heapIds[i], heapIds[j]] = [heapIds[j], heapIds[i]];
      [heapScores[i], heapScores[j]] = [heapScores[j], heapScores[i]];
    };
    const down = (i: number) => {
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heapIds.length && heapScores[l] < heapScores[m]) m = l;
        if (r < heapIds.length && heapScores[r] < heapScores[m]) m = r;
        if (m === i) return;
        swap(i, m);
        i = m;
      }
    };
    for (const id of this.touched) {
      const score = best(id);
      if (heapIds.length < size) {
        heapIds.push(id);
        heapScores.push(score);
        for (let i = heapIds.length - 1; i > 0; ) {
          const parent = (i - 1) >> 1;
          if (heapScores[parent] <= heapScores[i]) break;
          swap(i, parent);
          i = parent;
        }
      } else if (score > heapScores[0]) {
        heapIds[0] = id;
        heapScores[0] = score;
        down(0);
      }
    }
    return heapIds.map((id) => {
      const byVariant = new Map<number, number>();
      let lexical = -Infinity;
      let variant = 0;
      for (let v = 0; v < variantCount; v++) {
        if (this.variantStamps[v][id] !== this.searchStamp) continue;
        const score = this.variantScores[v][id];
        byVariant.set(v, score);
        if (score > lexical) {
          lexical = score;
          variant = v;
        }
      }
      return { id, lexical, variant, byVariant, indexBonus: 0, final: lexical };
    });
  }

  /**
   * Injury and poisoning codes come in threes by 7th character: initial encounter, subsequent
   * encounter, sequela. When the coder did not type "subsequent" or "sequela", the initial
   * encounter is what they are coding far more often, so the other two step back a little
   * (they still show, right below).
   */
  private unaskedPenalty(id: number, asked: AskedFor): number {
    const flags = this.entryFlags[id];
    let penalty = 0;
    // A side the coder did not type: documentation without a side is coded to the unspecified
    // side (Guidelines I.B.13), so "right"/"left"/"bilateral" codes step back behind it.
    if (flags & FLAG_SIDE && !asked.side) penalty += LATERALITY_PENALTY;
    if ((flags & FLAG_SEQUELA && !asked.sequela) || (flags & FLAG_SUBSEQUENT && !asked.subsequent)) penalty += ENCOUNTER_PENALTY;
    return penalty;
  }

  /** What the query asks for that some codes specify: a side, a subsequent encounter, a sequela. */
  private askedFor(required: QueryWord[]): AskedFor {
    const typed = (word: string) => required.some((w) => (w.text.length >= 2 && word.startsWith(w.text)) || w.text.startsWith(word.slice(0, 5)));
    return { side: ['right', 'left', 'bilateral'].some(typed), sequela: typed('sequela'), subsequent: typed('subsequent') };
  }

  /**
   * The word ranges a search is driven from. A broad prefix ("in", "fra") can stand for words
   * on 100k codes; walking all of them costs a quarter of a second, for a list the coder will
   * refine with the next keystroke anyway. Past DRIVER_POSTINGS_CAP, only its most used
   * completions drive (they are also what the ranking prefers), so every keystroke stays fast.
   */
  private drivingRanges(w: QueryWord): [number, number][] {
    if (w.df <= DRIVER_POSTINGS_CAP) return w.ranges;
    const key = w.ranges.map(([lo, hi]) => `${lo}-${hi}`).join(',');
    let restricted = this.drivingCache.get(key);
    if (!restricted) {
      const { postStart } = this.index;
      const ids: number[] = [];
      for (const [lo, hi] of w.ranges) for (let id = lo; id < hi; id++) ids.push(id);
      ids.sort((a, b) => postStart[b + 1] - postStart[b] - (postStart[a + 1] - postStart[a]));
      restricted = [];
      let total = 0;
      for (const id of ids) {
        if (total >= DRIVER_POSTINGS_CAP) break;
        restricted.push([id, id + 1]);
        total += postStart[id + 1] - postStart[id];
      }
      if (this.drivingCache.size > 5_000) this.drivingCache.clear();
      this.drivingCache.set(key, restricted);
    }
    return restricted;
  }

  /** How well `w` matches entry `id`: 1 for the whole word in the title, less for a prefix or another field. */
  private matchQuality(id: number, w: QueryWord): number {
    const { titleIds, titleStart, extraIds, extraStart } = this.index;
    let best = 0;
    let inTitle = false;
    const ranges = w.ranges;
    for (let r = 0; r < ranges.length; r++) {
      const lo = ranges[r][0];
      const hi = ranges[r][1];
      const t = idInRange(titleIds, titleStart[id], titleStart[id + 1], lo, hi);
      if (t >= 0) {
        const q = w.corrected ? 0.9 : this.completionQuality(w, t);
        if (q > best) {
          best = q;
          inTitle = true;
        }
        continue;
      }
      const x = idInRange(extraIds, extraStart[id], extraStart[id + 1], lo, hi);
      if (x >= 0) best = Math.max(best, EXTRA_FIELD_WEIGHT * (w.corrected ? 0.9 : this.completionQuality(w, x)));
    }
    // Returned through a field, not an object: this runs once per word per matching code.
    this.lastMatchInTitle = inTitle;
    return best;
  }

  /**
   * A whole word scores 1. A prefix being typed scores by how much of the word it is, and by
   * how common that completion is among the codes: "hypert" is far more often hypertension
   * than hypertelorism, and the list should say so before the word is finished.
   */
  private completionQuality(w: QueryWord, wordId: number): number {
    const word = this.index.vocabulary[wordId];
    if (word === w.text) return 1;
    const { postStart } = this.index;
    const df = postStart[wordId + 1] - postStart[wordId];
    const maxDf = w.ranges.reduce((m, [lo, hi]) => Math.max(m, this.maxDf(lo, hi)), 1);
    const popularity = Math.log(1 + df) / Math.log(1 + maxDf);
    return prefixQuality(w.text, word) * (1 - COMPLETION_POPULARITY_WEIGHT + COMPLETION_POPULARITY_WEIGHT * popularity);
  }

  /** The most entries any single word in [lo, hi) has (cached per range: ranges repeat keystroke after keystroke). */
  private maxDf(lo: number, hi: number): number {
    const key = lo * 100_003 + hi;
    let max = this.maxDfCache.get(key);
    if (max === undefined) {
      max = 1;
      const { postStart } = this.index;
      for (let id = lo; id < hi; id++) max = Math.max(max, postStart[id + 1] - postStart[id]);
      if (this.maxDfCache.size > 50_000) this.maxDfCache.clear();
      this.maxDfCache.set(key, max);
    }
    return max;
  }

  /**
   * The Alphabetic Index's own target: one index path of the entry holds every word the coder
   * typed (Diabetes > type 2 > with > hyperglycemia for "diabetes type 2 hyperglycemia"). The
   * bonus grows with the share of the path's levels the query touched, so a bare "hypertension"
   * goes to the main term's own code (I10), not to "Hypertension > renovascular". Connector
   * levels ("with", "without", "due to") need not be typed.
   */
  private indexTarget(c: Candidate, variantWords: QueryWord[][]): void {
    c.final = c.lexical;
    const paths = this.index.indexPaths[c.id];
    if (!paths) return;
    const inLevel = (w: QueryWord, level: Int32Array) => w.ranges.some(([lo, hi]) => idInRange(level, 0, level.length, lo, hi) >= 0);
    // Each variant is judged on its own ("essential hypertension" vs "hypertension"): the
    // candidate keeps the variant whose words and index bonus together rank it highest.
    for (const [variant, lexical] of c.byVariant) {
      const required = variantWords[variant].filter((w) => !STOP_WORDS.has(w.text) && w.ranges.length > 0);
      if (required.length === 0) continue;
      paths.forEach((levels, p) => {
        if (!required.every((w) => levels.some((level) => inLevel(w, level)))) return;
        // A level is touched by its essential words; "(schizophrenia)" as a modifier of
        // Hebephrenia does not make Hebephrenia the target of "schizophrenia".
        const essentials = this.index.indexEssentials[c.id]![p];
        let counted = 0;
        let touched = 0;
        for (const level of essentials) {
          if (level.length === 0 || this.isConnector(level)) continue;
          counted++;
          if (required.some((w) => inLevel(w, level))) touched++;
        }
        // Squared: a path the query fully covers is the index's answer; a half-covered one is a hint.
        const share = touched / Math.max(1, counted);
        const bonus = INDEX_TARGET_BONUS * share * share;
        if (lexical + bonus > c.final) {
          c.final = lexical + bonus;
          c.lexical = lexical;
          c.variant = variant;
          c.indexBonus = bonus;
          c.indexTerm = this.corpus.entries[c.id].indexTerms[p].join(' > ');
        }
      });
    }
  }

  /** An index level made only of connector words ("with", "due to"): coders never type it. */
  private isConnector(level: Int32Array): boolean {
    for (const id of level) if (!CONNECTORS.has(this.index.vocabulary[id])) return false;
    return true;
  }

  /** fuse.js re-ranks the top candidates per query variant, tolerating typos the prefix index cannot see. */
  private rerankWithFuse(top: Candidate[], variants: string[][]): void {
    const byVariant = new Map<number, Candidate[]>();
    for (const c of top) {
      const list = byVariant.get(c.variant);
      if (list) list.push(c);
      else byVariant.set(c.variant, [c]);
    }
    for (const [v, list] of byVariant) {
      const docs = list.map((c) => {
        const e = this.corpus.entries[c.id];
        return { title: e.title, terms: [...(c.indexTerm ? [c.indexTerm.replaceAll(' > ', ' ')] : []), ...e.inclusionTerms.slice(0, 4)] };
      });
      const fuse = new Fuse(docs, FUSE_RERANK_OPTIONS);
      const scores = new Map<number, number>();
      for (const r of fuse.search(variants[v].join(' '))) scores.set(r.refIndex, r.score ?? 1);
      list.forEach((c, i) => {
        c.final = c.lexical + c.indexBonus + FUSE_WEIGHT * (1 - (scores.get(i) ?? 1));
      });
    }
  }

  /** The word texts a query word stands for, for highlighting (corrections included). */
  private matchTexts(w: QueryWord): string[] {
    if (!w.corrected) return w.text.length >= 2 || w.ranges.length ? [w.text] : [];
    return w.ranges.map(([lo]) => this.index.vocabulary[lo]);
  }

  private toResult(e: SearchEntry, filter: EntryFilter, score: number, highlight: string[], indexTerm?: string, spans?: [number, number][]): LookupResult {
    const release = filter.releaseFor(e);
    const result: LookupResult = {
      system: e.system,
      code: e.code,
      display: e.display,
      title: e.title,
      billable: e.billable,
      version: release?.version ?? '',
      score: Math.round(Math.max(0, Math.min(1, score)) * 10_000) / 10_000,
      matched: spans && spans[0][1] === 0 ? [] : matchedSpans(e.title, highlight),
    };
    if (e.kind) result.kind = e.kind;
    if (indexTerm) result.indexTerm = indexTerm;
    return result;
  }

  // ---------------------------------------------------------------- filters

  private filterFor(opts: LookupOptions): EntryFilter {
    const releases = this.corpus.releases;
    const systems = opts.systems?.length ? new Set(opts.systems) : null;
    let mask = 0;
    const bySystem = new Map<CodeSystem, number[]>();
    releases.forEach((r, i) => {
      const list = bySystem.get(r.system);
      if (list) list.push(i);
      else bySystem.set(r.system, [i]);
    });
    for (const [system, indexes] of bySystem) {
      if (systems && !systems.has(system)) continue;
      const refs = indexes.map((i) => ({ id: String(i), meta: releases[i], installedAt: String(i).padStart(4, '0') }));
      const chosen = opts.date ? releaseInEffect(refs, system, opts.date) : refs.sort((a, b) => (a.meta.effectiveFrom < b.meta.effectiveFrom ? 1 : -1))[0];
      if (chosen) mask |= 1 << Number(chosen.id);
    }
    const billableOnly = opts.billableOnly ?? false;
    return {
      accepts: (e) => (e.releaseMask & mask) !== 0 && (!billableOnly || e.billable),
      releaseFor: (e) => {
        const bits = e.releaseMask & mask;
        return bits ? releases[31 - Math.clz32(bits)] : undefined;
      },
    };
  }
}

interface EntryFilter {
  accepts(e: SearchEntry): boolean;
  releaseFor(e: SearchEntry): ReleaseMeta | undefined;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** A typed prefix as a share of the word: "hyperg" of "hyperglycemia" scores ~0.76. */
function prefixQuality(typed: string, word: string): number {
  if (typed === word) return 1;
  return PREFIX_FLOOR + (1 - PREFIX_FLOOR) * Math.min(1, typed.length / word.length);
}

/**
 * Whether what the coder typed is a code, not words: no spaces inside, a letter then a digit
 * (E11.9, A4253, S52.501A), or a digit first (0DTJ4ZZ, 99213), or a single letter.
 */
function isCodeShaped(code: string, typed: string): boolean {
  if (/\s/.test(typed.trim())) return false;
  return /^[A-Z]$/.test(code) || /^[A-Z][0-9][0-9A-Z]{0,5}$/.test(code) || /^[0-9][0-9A-Z]{1,6}$/.test(code);
}
