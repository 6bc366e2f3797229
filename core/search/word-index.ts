import type { SearchEntry } from './search-corpus';
import { words } from './text';

/**
 * The word index: a sorted vocabulary (so every word starting with a prefix is one contiguous
 * id range), posting lists of entry ids per word, and each entry's own sorted word ids per
 * field. "Does this entry have a word starting with `hyperg`?" is a binary search in a few
 * dozen ids; "how many entries could match `hyperg`?" is one subtraction.
 *
 * Every list lives in one Int32Array with a start offset per owner (CSR layout): ~200k entries
 * would otherwise mean ~600k small arrays, and building them spent more time in the garbage
 * collector than in indexing.
 */
export interface WordIndex {
  vocabulary: string[];
  /** postings[postStart[w] .. postStart[w+1]) = ids of entries having word w in any field. */
  postStart: Int32Array;
  postings: Int32Array;
  /** titleIds[titleStart[e] .. titleStart[e+1]) = sorted ids of entry e's title words. */
  titleStart: Int32Array;
  titleIds: Int32Array;
  /** Sorted ids of entry e's index and inclusion words that are not in its title. */
  extraStart: Int32Array;
  extraIds: Int32Array;
  /** Per entry: number of words in its title (for preferring titles the query covers). */
  titleLength: Uint16Array;
  /** Per entry with index paths: each path's levels, each level's sorted word ids (for "the index's own target"). */
  indexPaths: (Int32Array[][] | undefined)[];
  /** The same levels without their nonessential modifiers: what makes a level "touched" by the query. */
  indexEssentials: (Int32Array[][] | undefined)[];
}

/** A growable Int32Array list with per-owner offsets. */
class ListBuilder {
  ids = new Int32Array(1 << 20);
  length = 0;
  readonly start: Int32Array;
  constructor(owners: number) {
    this.start = new Int32Array(owners + 1);
  }
  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }
  close(owner: number): void {
    this.start[owner + 1] = this.length;
  }
}

export function buildWordIndex(entries: SearchEntry[]): WordIndex {
  const ids = new Map<string, number>();
  const idOf = (w: string) => {
    let id = ids.get(w);
    if (id === undefined) ids.set(w, (id = ids.size));
    return id;
  };
  // Index levels repeat by the thousand ("Diabetes, diabetic" heads every diabetes path): cut each once.
  const levelIds = new Map<string, number[]>();
  const idsOfLevel = (level: string) => {
    let list = levelIds.get(level);
    if (!list) levelIds.set(level, (list = words(level).map(idOf)));
    return list;
  };
  const n = entries.length;
  const title = new ListBuilder(n);
  const extra = new ListBuilder(n);
  const essentialIds = new Map<string, number[]>();
  const essentialsOfLevel = (level: string) => {
    let list = essentialIds.get(level);
    if (!list) essentialIds.set(level, (list = words(level.replace(/\([^)]*\)/g, ' ')).map(idOf)));
    return list;
  };
  const titleLength = new Uint16Array(n);
  for (const e of entries) {
    const t = words(e.title);
    titleLength[e.id] = Math.min(t.length, 65535);
    for (const w of t) title.push(idOf(w));
    title.close(e.id);
    for (const levels of e.indexTerms) {
      for (const level of levels) {
        for (const id of idsOfLevel(level)) extra.push(id);
        essentialsOfLevel(level);
      }
    }
    // Inclusion terms are shared by every code below their subcategory: cut each once too.
    for (const term of e.inclusionTerms) for (const id of idsOfLevel(term)) extra.push(id);
    extra.close(e.id);
  }
  // Renumber words in sorted order so that prefixes become id ranges.
  const vocabulary = [...ids.keys()].sort();
  const remap = new Int32Array(ids.size);
  vocabulary.forEach((w, i) => (remap[ids.get(w)!] = i));

  // Per entry: remap, sort, drop duplicates (and, for extra words, the title's), in place.
  const titleStart = new Int32Array(n + 1);
  const extraStart = new Int32Array(n + 1);
  const titleIds = sortUniquePerOwner(title, remap, titleStart);
  const extraIds = sortUniquePerOwner(extra, remap, extraStart, titleIds, titleStart);
  // One sorted id array per distinct level text, and one level list per distinct path: an
  // index path spread to 48 codes below an incomplete code is still one path in memory.
  const levelArrays = new Map<string, Int32Array>();
  const toSorted = (key: string, ids: number[]) => {
    let arr = levelArrays.get(key);
    if (!arr) levelArrays.set(key, (arr = Int32Array.from(new Set(ids.map((id) => remap[id]))).sort()));
    return arr;
  };
  const pathCache = new Map<string[], [Int32Array[], Int32Array[]]>();
  const pathArrays = (levels: string[]) => {
    let cached = pathCache.get(levels);
    if (!cached) {
      cached = [levels.map((l) => toSorted(`a${l}`, levelIds.get(l)!)), levels.map((l) => toSorted(`e${l}`, essentialIds.get(l)!))];
      pathCache.set(levels, cached);
    }
    return cached;
  };
  const indexPaths: (Int32Array[][] | undefined)[] = new Array(n);
  const indexEssentials: (Int32Array[][] | undefined)[] = new Array(n);
  for (const e of entries) {
    if (e.indexTerms.length === 0) continue;
    const both = e.indexTerms.map(pathArrays);
    indexPaths[e.id] = both.map((b) => b[0]);
    indexEssentials[e.id] = both.map((b) => b[1]);
  }

  const postStart = new Int32Array(vocabulary.length + 1);
  for (let i = 0; i < titleIds.length; i++) postStart[titleIds[i] + 1]++;
  for (let i = 0; i < extraIds.length; i++) postStart[extraIds[i] + 1]++;
  for (let w = 0; w < vocabulary.length; w++) postStart[w + 1] += postStart[w];
  const postings = new Int32Array(postStart[vocabulary.length]);
  const fill = postStart.slice(0, vocabulary.length);
  // Entries are visited in id order, so every posting list comes out sorted.
  for (let e = 0; e < n; e++) {
    for (let i = titleStart[e]; i < titleStart[e + 1]; i++) postings[fill[titleIds[i]]++] = e;
    for (let i = extraStart[e]; i < extraStart[e + 1]; i++) postings[fill[extraIds[i]]++] = e;
  }
  return { vocabulary, postStart, postings, titleStart, titleIds, extraStart, extraIds, titleLength, indexPaths, indexEssentials };
}

function sortUniquePerOwner(list: ListBuilder, remap: Int32Array, outStart: Int32Array, excludeIds?: Int32Array, excludeStart?: Int32Array): Int32Array {
  const out = new Int32Array(list.length);
  let n = 0;
  for (let owner = 0; owner + 1 < list.start.length; owner++) {
    const from = list.start[owner];
    const to = list.start[owner + 1];
    const slice = out.subarray(n, n + (to - from));
    for (let i = from; i < to; i++) slice[i - from] = remap[list.ids[i]];
    slice.sort();
    let kept = 0;
    for (let i = 0; i < slice.length; i++) {
      const id = slice[i];
      if (i > 0 && id === slice[i - 1]) continue;
      if (excludeIds && idInRange(excludeIds, excludeStart![owner], excludeStart![owner + 1], id, id + 1) >= 0) continue;
      slice[kept++] = id;
    }
    outStart[owner] = n;
    n += kept;
    outStart[owner + 1] = n;
  }
  return out.slice(0, n);
}

/** First index in sorted `list[from..to)` whose value is >= `value`. */
export function lowerBound<T>(list: ArrayLike<T>, value: T, from = 0, to = list.length): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The id range of vocabulary words starting with `prefix`. */
export function prefixRange(vocabulary: string[], prefix: string): [number, number] {
  return [lowerBound(vocabulary, prefix), lowerBound(vocabulary, prefix + '\uffff')];
}

/** The id of `word` if it is in the vocabulary, else -1. */
export function wordId(vocabulary: string[], word: string): number {
  const i = lowerBound(vocabulary, word);
  return vocabulary[i] === word ? i : -1;
}

/**
 * The first id of sorted `ids[from..to)` within [lo, hi), or -1 (for a prefix range: the
 * alphabetically first word with that prefix, which is the prefix itself when it is a word).
 */
export function idInRange(ids: Int32Array, from: number, to: number, lo: number, hi: number): number {
  const i = lowerBound(ids, lo, from, to);
  return i < to && ids[i] < hi ? ids[i] : -1;
}
