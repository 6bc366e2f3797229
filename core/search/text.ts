/**
 * How the lookup engine cuts text into words, the same way for code titles, index terms and
 * what the coder types: lower case, letters and digits only, diacritics folded (Sjögren ->
 * sjogren), possessive 's dropped (Bell's palsy -> bell palsy).
 */
export function words(text: string): string[] {
  // Folding diacritics is costly; code titles are printable ASCII, so only fold when there is something to fold.
  const folded = /[^ -~]/.test(text) ? text.normalize('NFD').replace(/[\u0300-\u036f]/g, '') : text;
  return folded
    .toLowerCase()
    .replace(/'s\b/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * Words that carry no meaning for finding a code. They are indexed like any word but never
 * required: "fracture of radius" must find "Fracture of shaft of radius". "with" and
 * "without" are kept as real words: in ICD-10-CM they separate different codes.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'the', 'of', 'and', 'or', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'as', 'is', 'pt', 'patient', 'dx']);

/** Word spans of `text` whose word starts with one of `prefixes` (for highlighting matches). */
export function matchedSpans(text: string, prefixes: string[]): [number, number][] {
  const spans: [number, number][] = [];
  if (prefixes.length === 0) return spans;
  const folded = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  // NFD may lengthen the string; map positions only when it did not (titles are ASCII).
  const same = folded.length === text.length;
  const re = /[a-z0-9]+/g;
  for (let m = re.exec(folded); m; m = re.exec(folded)) {
    const word = m[0];
    const hit = prefixes.find((p) => word.startsWith(p));
    if (hit && same) spans.push([m.index, m.index + Math.min(word.length, Math.max(hit.length, word.length))]);
  }
  return spans;
}
