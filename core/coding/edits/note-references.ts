import { normalizeCodeInput } from '../../codesets/code-display';

/**
 * The codes an instructional note names. Tabular notes carry them in parentheses after the
 * words: a code or category "(R73.9)", "(J42)"; a code with everything below it "(E10.-)",
 * "(O24.4-)"; a range "(J44.0-J44.9)", "(E52-E53.-)"; a list "(E08.22, E09.22, E11.22)"; and
 * a range narrowed by its later characters "(E08-E13 with .42)", "(V01-V09 with 5th character
 * 9)", "(T36-T50) with fifth or sixth character 6", "(I69. with final characters -23)".
 * A narrowing the parser does not understand drops the reference rather than widen it: an
 * Excludes1 error on a pair the note does not name is worse than a missed one.
 */
export interface NoteReference {
  /** As written in the note, e.g. `E10.-`, `J44.0-J44.9`, `E08-E13 with .42`. */
  text: string;
  /** First code of the range (or the code), no dot. */
  from: string;
  /** Last code of a range, no dot. */
  to?: string;
  /** The narrowing of a "with ..." clause. */
  narrow?: (code: string) => boolean;
}

const CODE = String.raw`[A-Z][0-9][0-9A-Z](?:\.[0-9A-Z]{0,4})?`;
/** One reference: a code (with `-` or `.-` for "and below"), or a range, then an optional "with ..." clause. */
const PART = new RegExp(String.raw`^(${CODE})(?:\.?-)?(?:\s*-\s*(${CODE})(?:\.?-)?)?(?:\s+with\s+(.+))?$`);
const GROUP = /\(([^()]*)\)(\s+with\s+[^,;()]+)?/g;
const POSITIONS: Record<string, number> = { fifth: 4, '5th': 4, sixth: 5, '6th': 5, seventh: 6, '7th': 6 };

/** Parsed references per note line: the same few hundred lines are read on every run. */
const cache = new Map<string, NoteReference[]>();
/** Distinct note lines in the whole Tabular are ~25k; this holds the ones a session meets. */
const CACHE_LIMIT = 10_000;

/** The code references of one note line ("type 1 diabetes mellitus (E10.-)" -> E10.-). */
export function noteReferences(text: string): NoteReference[] {
  let refs = cache.get(text);
  if (!refs) {
    refs = parse(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, refs);
  }
  return refs;
}

function parse(text: string): NoteReference[] {
  const out: NoteReference[] = [];
  for (const m of text.matchAll(GROUP)) {
    const trailing = m[2]?.trim().replace(/^with\s+/, '');
    for (const raw of m[1].split(',')) {
      const part = raw.trim();
      if (!part) continue;
      const p = PART.exec(part);
      if (!p) continue;
      // A "with" inside the parentheses narrows the reference; one after them may be prose
      // ("(I10) with heart involvement"), so it only counts when it reads as a narrowing.
      let narrow: ((code: string) => boolean) | undefined;
      let shown = part;
      if (p[3] !== undefined) {
        const inside = narrowing(p[3]);
        if (!inside) continue;
        narrow = inside;
      } else if (trailing) {
        const after = narrowing(trailing);
        if (after) {
          narrow = after;
          shown = `${part} with ${trailing}`;
        }
      }
      const ref: NoteReference = { text: shown, from: normalizeCodeInput(p[1]) };
      if (p[2]) ref.to = normalizeCodeInput(p[2]);
      if (narrow) ref.narrow = narrow;
      out.push(ref);
    }
  }
  return out;
}

/** The test a "with ..." clause puts on a code, or null when the clause is not understood. */
function narrowing(clause: string): ((code: string) => boolean) | null {
  const c = clause.trim().toLowerCase();
  // "with .42", "with .69-", "with .51-.52": the characters after the category.
  const sub = /^\.([0-9a-z]+)-?(?:\s*-\s*\.([0-9a-z]+))?$/.exec(c);
  if (sub) {
    const lo = sub[1].toUpperCase();
    const hi = (sub[2] ?? sub[1]).toUpperCase();
    return (code) => {
      const tail = code.slice(3);
      return tail.slice(0, lo.length) >= lo && tail.slice(0, hi.length) <= hi;
    };
  }
  // "with final characters -23"
  const final = /^final characters? -?([0-9a-z]+)$/.exec(c);
  if (final) {
    const end = final[1].toUpperCase();
    return (code) => code.endsWith(end);
  }
  // "with 5th character 9", "with fifth or sixth character 1-4 or 6", "with 7th character B"
  const pos = /^(fifth|5th|sixth|6th|seventh|7th)(?:\s+or\s+(fifth|5th|sixth|6th|seventh|7th))?\s+characters?\s+(.+)$/.exec(c);
  if (pos) {
    const at = [POSITIONS[pos[1]], ...(pos[2] ? [POSITIONS[pos[2]]] : [])];
    const allowed = characterSet(pos[3]);
    if (!allowed) return null;
    return (code) => at.some((i) => allowed.has(code[i] ?? ''));
  }
  return null;
}

/** "1-4 or 6" -> {1,2,3,4,6}; "B" -> {B}; null when it is not a list of characters. */
function characterSet(text: string): Set<string> | null {
  const out = new Set<string>();
  for (const token of text.split(/\s*(?:,|\bor\b|\band\b)\s*/)) {
    if (!token) continue;
    const range = /^([0-9a-z])\s*-\s*([0-9a-z])$/.exec(token);
    if (range) {
      for (let ch = range[1].toUpperCase().charCodeAt(0); ch <= range[2].toUpperCase().charCodeAt(0); ch++) out.add(String.fromCharCode(ch));
    } else if (/^[0-9a-z]$/.test(token)) out.add(token.toUpperCase());
    else return null;
  }
  return out.size ? out : null;
}

/** Whether a code (no dot) is one the reference names: the code itself or any code below it, within a range, narrowed. */
export function referenceMatches(ref: NoteReference, code: string): boolean {
  const inRange = ref.to === undefined ? code.startsWith(ref.from) : code.slice(0, ref.from.length) >= ref.from && code.slice(0, ref.to.length) <= ref.to;
  return inRange && (!ref.narrow || ref.narrow(code));
}
