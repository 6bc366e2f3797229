import Fuse from 'fuse.js';

/**
 * Corrects a query word that no vocabulary word starts with (a typo, often in its first
 * letters, which a prefix index cannot forgive) against the vocabulary of code titles and
 * index terms. A letter-pair (bigram) index first picks the few dozen words that share most
 * letter pairs with what was typed, wherever the typo is; fuse.js then scores those by its
 * fuzzy distance. Corrections are cached: typing the next word re-asks for the same ones.
 */
export class TypoCorrector {
  private readonly words: string[] = [];
  private readonly bigrams = new Map<string, number[]>();
  private readonly shared: Uint16Array;
  private readonly frequency: (word: string) => number;
  private readonly cache = new Map<string, string[]>();

  constructor(vocabulary: string[], frequency: (word: string) => number) {
    this.frequency = frequency;
    for (const w of vocabulary) {
      // Digits and 1-2 letter words are codes, numbers and abbreviations: not typo targets.
      if (w.length < 3 || /\d/.test(w)) continue;
      const i = this.words.push(w) - 1;
      for (const g of new Set(letterPairs(w))) {
        const list = this.bigrams.get(g);
        if (list) list.push(i);
        else this.bigrams.set(g, [i]);
      }
    }
    this.shared = new Uint16Array(this.words.length);
  }

  /**
   * Up to `limit` vocabulary words the typed word most likely meant, best first. A word being
   * typed may be the start of a longer word ("neumon" -> "pneumonia"), so longer words count too.
   */
  correct(typed: string, limit = CORRECTIONS_PER_WORD): string[] {
    if (typed.length < 3) return [];
    const cached = this.cache.get(typed);
    if (cached) return cached.slice(0, limit);
    const touched: number[] = [];
    for (const g of new Set(letterPairs(typed))) {
      for (const i of this.bigrams.get(g) ?? []) {
        const len = this.words[i].length;
        if (len < typed.length - 1 || len > typed.length + LONGER_BY) continue;
        if (this.shared[i]++ === 0) touched.push(i);
      }
    }
    touched.sort((a, b) => this.shared[b] - this.shared[a]);
    const shortlist = touched.slice(0, SHORTLIST).map((i) => this.words[i]);
    for (const i of touched) this.shared[i] = 0;

    const scored = new Fuse(shortlist, FUSE_WORD_OPTIONS)
      .search(typed)
      .map((r) => ({
        word: r.item,
        // fuse.js's bitap counts a swap of two letters ("spetic") as two errors and prefers
        // "herpetic"; the edit distance with transpositions against the word's start puts
        // "septic" first. Among equally close words, the one more codes use wins.
        score: editDistanceToStart(typed, r.item) / typed.length + FUSE_SCORE_WEIGHT * (r.score ?? 1) - FREQUENCY_WEIGHT * Math.log10(1 + this.frequency(r.item)),
      }))
      .sort((a, b) => a.score - b.score)
      .map((s) => s.word);
    if (this.cache.size >= CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(typed, scored);
    return scored.slice(0, limit);
  }
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transpositions) between what was
 * typed and the start of `word` of about the same length: a word being typed is compared with
 * the word's beginning ("neumon" is 1 edit from "pneumon"), a finished one with the whole word.
 */
export function editDistanceToStart(typed: string, word: string): number {
  let best = Infinity;
  for (let len = Math.max(1, typed.length - 1); len <= Math.min(word.length, typed.length + 1); len++) {
    best = Math.min(best, osaDistance(typed, word.slice(0, len)));
  }
  return best === Infinity ? osaDistance(typed, word) : best;
}

function osaDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** "^ab", "bc", ..., "z$": the boundary markers make the first and last letters count. */
function letterPairs(word: string): string[] {
  const padded = `^${word}$`;
  const pairs: string[] = [];
  for (let i = 0; i < padded.length - 1; i++) pairs.push(padded.slice(i, i + 2));
  return pairs;
}

/** Alternatives tried per misspelled word: the best is usually right; the second covers near ties. */
export const CORRECTIONS_PER_WORD = 2;
/** A word being typed ("neumon") is compared with words up to this many letters longer ("pneumonia"). */
export const LONGER_BY = 4;
/** Words fuse.js scores per correction: the closest by shared letter pairs; a typo keeps most pairs. */
export const SHORTLIST = 150;
/** fuse.js's score refines the edit distance between words the same number of edits away. */
export const FUSE_SCORE_WEIGHT = 0.5;
/** How much a word's use across codes counts against edit distance (log-scaled, small). */
export const FREQUENCY_WEIGHT = 0.02;
/** Corrections remembered (a coder's session repeats the same misspellings keystroke after keystroke). */
const CACHE_SIZE = 2_000;

const FUSE_WORD_OPTIONS = {
  includeScore: true,
  // 0.4 lets 1 error in 3-4 letters and 2-3 in 8-10 through (bitap score = errors / length),
  // which covers transposed and missing letters without matching unrelated words.
  threshold: 0.4,
  // A typo in the first letter shifts the match: score by errors, not by where it starts.
  ignoreLocation: true,
  isCaseSensitive: true,
  minMatchCharLength: 2,
};
