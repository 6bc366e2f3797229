import data from './clinical-synonyms.json';
import { words } from './text';

/** One reviewed entry of clinical-synonyms.json. */
export interface SynonymEntry {
  terms: string[];
  expansions: string[];
  kind: 'abbreviation' | 'lay' | 'spelling' | 'supply' | 'procedure';
  note?: string;
}

/** How many expansions of one term are tried: the list is ordered by how often a coder means each. */
export const EXPANSIONS_PER_TERM = 2;
/** Query variants searched at most (original + expansions), to keep a keystroke in budget. */
export const MAX_VARIANTS = 4;
/** Longest term in words ("a fib" is 2, "high blood pressure" is 3). */
const MAX_TERM_WORDS = 4;

/**
 * The curated abbreviations and lay terms (core/search/clinical-synonyms.json), as a lookup
 * from a typed word sequence to the words the official titles and index use.
 */
export class Synonyms {
  private readonly map = new Map<string, string[][]>();

  constructor(entries: SynonymEntry[] = (data as { entries: SynonymEntry[] }).entries) {
    for (const e of entries) {
      const expansions = e.expansions.map(words);
      for (const term of e.terms) this.map.set(words(term).join(' '), expansions);
    }
  }

  get size(): number {
    return this.map.size;
  }

  /**
   * Query variants: the words as typed, then with each recognized term replaced by its
   * expansions (longest term first, left to right). "chf exacerbation" ->
   * ["chf exacerbation", "congestive heart failure exacerbation", "heart failure exacerbation"].
   */
  variants(tokens: string[]): string[][] {
    const matches: { start: number; length: number; expansions: string[][] }[] = [];
    for (let i = 0; i < tokens.length; i++) {
      for (let n = Math.min(MAX_TERM_WORDS, tokens.length - i); n >= 1; n--) {
        const expansions = this.map.get(tokens.slice(i, i + n).join(' '));
        if (!expansions) continue;
        matches.push({ start: i, length: n, expansions: expansions.slice(0, EXPANSIONS_PER_TERM) });
        i += n - 1;
        break;
      }
    }
    if (matches.length === 0) return [tokens];
    // Choice 0 = as typed, k = k-th expansion. Tried in order: as typed; every term's first
    // expansion; then each term's second expansion with the others at their first.
    const choices: number[][] = [matches.map(() => 0), matches.map(() => 1)];
    matches.forEach((m, j) => {
      if (m.expansions.length > 1) choices.push(matches.map((_, k) => (k === j ? 2 : 1)));
    });
    return choices.slice(0, MAX_VARIANTS).map((choice) => {
      const out: string[] = [];
      let at = 0;
      matches.forEach((m, j) => {
        out.push(...tokens.slice(at, m.start));
        out.push(...(choice[j] === 0 ? tokens.slice(m.start, m.start + m.length) : m.expansions[choice[j] - 1]));
        at = m.start + m.length;
      });
      out.push(...tokens.slice(at));
      return out;
    });
  }
}
