import type { AlphabeticIndex, IndexTerm } from '../codesets/index-xml';
import type { CodeListRelease } from '../codesets/types';

/** A query with the codes a certified coder would accept, best first. */
export interface EvalQuery {
  query: string;
  expected: string[];
  kind?: string;
}

/** Relevance of a ranked list against expected codes: where the first acceptable code landed. */
export interface Relevance {
  queries: number;
  recallAt1: number;
  recallAt3: number;
  recallAt10: number;
  /** Mean reciprocal rank of the first acceptable code (0 when not in the list). */
  mrr: number;
}

/** The 1-based rank of the first acceptable code in `ranked`, or 0. */
export function firstHit(ranked: string[], expected: string[]): number {
  const i = ranked.findIndex((code) => expected.includes(code));
  return i < 0 ? 0 : i + 1;
}

export function relevance(ranks: number[]): Relevance {
  const n = Math.max(1, ranks.length);
  const within = (k: number) => ranks.filter((r) => r > 0 && r <= k).length / n;
  const round = (x: number) => Math.round(x * 10_000) / 10_000;
  return {
    queries: ranks.length,
    recallAt1: round(within(1)),
    recallAt3: round(within(3)),
    recallAt10: round(within(10)),
    mrr: round(ranks.reduce((s, r) => s + (r > 0 ? 1 / r : 0), 0) / n),
  };
}

/**
 * Queries derived from the Alphabetic Index: the term path as a coder would type it (main term
 * and subterms, nonessential modifiers and connector words left out) and the code it leads
 * to, kept only when that code is billable in `codes` (the FY2026 code set). `every` thins the
 * set deterministically (every n-th eligible path) so runs compare.
 */
export function indexDerivedQueries(index: AlphabeticIndex, codes: CodeListRelease, every = 1): EvalQuery[] {
  const billable = new Set(codes.codes.filter((c) => c.billable).map((c) => c.code));
  const out: EvalQuery[] = [];
  let eligible = 0;
  const walk = (term: IndexTerm, path: string[]) => {
    const title = term.title.replace(/\s*\bNEC\b|\s*\bNOS\b/g, '').trim();
    const here = CONNECTOR_LEVEL.test(title) ? path : [...path, mainWord(title, path.length === 0)];
    const target = term.codes.find((c) => !c.manifestation && !c.incomplete);
    if (target && billable.has(target.code) && here.length >= 1 && here.join(' ').length >= 4) {
      if (eligible++ % every === 0) out.push({ query: here.join(' ').toLowerCase(), expected: [target.code], kind: here.length === 1 ? 'main term' : 'subterm' });
    }
    for (const sub of term.terms) walk(sub, here);
  };
  for (const letter of index.letters) for (const main of letter.mainTerms) walk(main, []);
  return out;
}

/** Index levels that only connect ("with", "due to", "in"): a coder does not type them. */
const CONNECTOR_LEVEL = /^(with|without|due to|in|of|and|by|from|following|during|the|as|for)$/i;

/** "Diabetes, diabetic" -> "Diabetes": a main term's inflected alternatives after the comma are the same word. */
function mainWord(title: string, isMain: boolean): string {
  return isMain ? title.split(',')[0].trim() : title;
}
