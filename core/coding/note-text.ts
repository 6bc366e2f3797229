import { STOP_WORDS } from '../search/text';

/**
 * How a clinical note is shown: its section headings found in the plain text, and the spans
 * to mark (the lookup's search terms, the evidence linked to codes) cut into segments that
 * keep the note's own character offsets, so a selection maps back to exact evidence.
 */

export type MarkKind = 'heading' | 'term' | 'evidence' | 'found';

export interface MarkedRange {
  kind: MarkKind;
  start: number;
  end: number;
  /** For evidence: the codes it supports. */
  label?: string;
}

export interface NoteSegment {
  start: number;
  end: number;
  marks: MarkedRange[];
}

/**
 * Section headings as providers type them: a line that is a short label ending in a colon
 * ("HPI:", "Assessment and Plan:", "PHYSICAL EXAM:") or a short all-capitals line. Only the
 * label itself is marked, not text after the colon on the same line.
 */
export function headingRanges(text: string): MarkedRange[] {
  const ranges: MarkedRange[] = [];
  const line = /^[^\n]*$/gm;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    if (m[0].length === 0) {
      line.lastIndex++;
      continue;
    }
    const trimmed = m[0].trimEnd();
    const label = /^([A-Z][A-Za-z0-9 /&(),'-]{1,48}):/.exec(trimmed);
    if (label && !/^\d/.test(trimmed)) ranges.push({ kind: 'heading', start: m.index, end: m.index + label[1].length + 1 });
    else if (trimmed.length >= 3 && trimmed.length <= 60 && /^[A-Z][A-Z0-9 /&(),'-]+$/.test(trimmed)) ranges.push({ kind: 'heading', start: m.index, end: m.index + trimmed.length });
  }
  return ranges;
}

/**
 * Where the lookup's words occur in the note (word starts, any case), so the coder sees at a
 * glance where the documentation speaks of what they are searching. Words under 3 letters and
 * stop words are skipped: "of" and "with" would mark the whole note.
 */
const NOTE_SKIP = new Set(['with', 'without', 'due', 'not', 'other', 'unspecified', 'and']);

export function termRanges(text: string, query: string, max = 500): MarkedRange[] {
  const words = query
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w) && !NOTE_SKIP.has(w) && !/^\d/.test(w));
  if (words.length === 0) return [];
  const pattern = new RegExp(`\\b(?:${words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})[a-z]*`, 'gi');
  const ranges: MarkedRange[] = [];
  for (let m = pattern.exec(text); m && ranges.length < max; m = pattern.exec(text)) ranges.push({ kind: 'term', start: m.index, end: m.index + m[0].length });
  return ranges;
}

/** Cut the text at every range boundary; each segment lists the ranges covering it. */
export function segmentNote(length: number, ranges: MarkedRange[]): NoteSegment[] {
  const cuts = new Set<number>([0, length]);
  for (const r of ranges) {
    if (r.end <= r.start) continue;
    cuts.add(Math.max(0, Math.min(length, r.start)));
    cuts.add(Math.max(0, Math.min(length, r.end)));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const segments: NoteSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i];
    const end = points[i + 1];
    segments.push({ start, end, marks: ranges.filter((r) => r.start <= start && r.end >= end && r.end > r.start) });
  }
  return segments;
}

/** Every occurrence of `needle` in the text (any case), for the note's find box. */
export function findInNote(text: string, needle: string): { start: number; end: number }[] {
  const n = needle.trim().toLowerCase();
  if (!n) return [];
  const hay = text.toLowerCase();
  const found: { start: number; end: number }[] = [];
  for (let at = hay.indexOf(n); at >= 0; at = hay.indexOf(n, at + 1)) found.push({ start: at, end: at + n.length });
  return found;
}
