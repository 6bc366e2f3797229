import { displayCode } from '../../codesets/code-display';
import type { InheritedNote } from '../../codesets/tabular-xml';
import type { EditFinding } from '../edit-finding';
import { diagnosisSubject, finding, type DiagnosisView, type EditContext, type EditDefinition } from './edit-context';
import { noteReferences, referenceMatches, type NoteReference } from './note-references';

/**
 * The Tabular's instructional notes between the assigned diagnoses: Excludes1 (two codes that
 * are never reported together) and "code first" (the underlying condition goes before this
 * one). Notes in effect include those inherited from the category, section and chapter.
 * "Use additional code" is not checked: it asks for a code the documentation may not support.
 */
export const TABULAR_NOTE_EDITS: EditDefinition[] = [
  { id: 'excludes1', severity: 'error', title: "Two diagnoses where one's Excludes1 note names the other", needs: 'tabular' },
  { id: 'code-first', severity: 'warning', title: 'A "code first" note whose condition is not listed before the code', needs: 'tabular' },
];

/** Where a note was written, as a coder finds it in the Tabular: "E11", "section G60-G65", "chapter 4". */
function noteOrigin(note: InheritedNote): string {
  if (note.level === 'chapter') return note.from;
  if (note.level === 'section') return `section ${note.from}`;
  return displayCode('icd10cm', note.from);
}

export function checkExcludes1(ctx: EditContext): EditFinding[] {
  const tabular = ctx.ref.tabular;
  if (!tabular) return [];
  const out: EditFinding[] = [];
  const dx = ctx.diagnoses.filter((d) => d.code);
  const excludes = dx.map((d) => tabular.notes(d.code).filter((n) => n.kind === 'excludes1'));
  const reported = new Set<string>();
  for (let j = 0; j < dx.length; j++) {
    for (let i = 0; i < j; i++) {
      const a = dx[i];
      const b = dx[j];
      if (a.code === b.code) continue; // duplicate-diagnosis says that
      const pair = [a.code, b.code].sort().join('+');
      if (reported.has(pair)) continue;
      // The later diagnosis's own note first: it is usually the one the coder just added.
      const fromLater = namedBy(excludes[j], a.code);
      const hit = fromLater ?? namedBy(excludes[i], b.code);
      if (!hit) continue;
      reported.add(pair);
      const [holder, other] = fromLater ? [b, a] : [a, b];
      out.push(
        finding(
          'excludes1',
          'error',
          diagnosisSubject(b),
          [a.code, b.code].sort(),
          `${holder.display} and ${other.display} cannot be reported together: the Excludes1 note at ${noteOrigin(hit.note)}, which applies to ${holder.display}, says "${hit.text}". Keep the code the documentation supports and remove the other; both are reported only when the two conditions are unrelated (the I.A.12.a exception).`,
          `${ctx.guidelines} I.A.12.a; Excludes1 at ${noteOrigin(hit.note)} (Tabular ${tabular.version})`,
        ),
      );
    }
  }
  return out;
}

/** The note line (and its note) among `notes` that names `code`. */
function namedBy(notes: InheritedNote[], code: string): { note: InheritedNote; text: string } | null {
  for (const note of notes) {
    for (const text of note.texts) {
      if (noteReferences(text).some((r) => referenceMatches(r, code))) return { note, text };
    }
  }
  return null;
}

/** A code-first note that only applies when the condition exists ("if applicable", "any associated"). */
const CONDITIONAL = /if applicable|if known|\bany\b|associated|\bwhen\b|^\s*,|^\s*if\b/i;
/**
 * A note naming what must be there ("underlying disease", "the underlying cause"). A list of
 * specific conditions without such a head (A41: postprocedural sepsis, sepsis following
 * abortion...; I50: heart failure due to hypertension...) applies only when one of them is
 * present, so it is checked for order, never for absence.
 */
const REQUIRED_HEAD = /underlying|etiology|\bcause\b|physiological condition/i;
/** T36-T50's note is for adverse effects only (5th or 6th character 5): a poisoning is itself coded first. */
const ADVERSE_EFFECTS_ONLY = /for adverse effects/i;

export function checkCodeFirst(ctx: EditContext): EditFinding[] {
  const tabular = ctx.ref.tabular;
  if (!tabular) return [];
  const out: EditFinding[] = [];
  const dx = ctx.diagnoses.filter((d) => d.code);
  for (const [p, d] of dx.entries()) {
    for (const note of tabular.notes(d.code)) {
      if (note.kind !== 'codeFirst' || note.texts.length === 0) continue;
      const head = note.texts[0];
      if (ADVERSE_EFFECTS_ONLY.test(head) && d.code[5] !== '5' && d.code[4] !== '5') continue;
      const refs: NoteReference[] = note.texts.flatMap((t) => noteReferences(t));
      const named = (other: DiagnosisView) => refs.some((r) => referenceMatches(r, other.code));
      if (dx.slice(0, p).some(named)) continue;
      const origin = noteOrigin(note);
      const quoted = quote(note);
      const source = `${ctx.guidelines} I.A.13; "code first" at ${origin} (Tabular ${tabular.version})`;
      const after = dx.slice(p + 1).filter(named);
      if (after.length) {
        out.push(
          warning(
            d,
            [d.code, ...after.map((a) => a.code)],
            `List ${after.map((a) => a.display).join(', ')} before ${d.display}: the note at ${origin} says code first ${quoted}.`,
            source,
            origin,
          ),
        );
        continue;
      }
      // A single line ("obstetric condition or encounter for delivery (O09-O60, O80-O82)") is what must be coded first.
      if (CONDITIONAL.test(head) || (note.texts.length > 1 && !REQUIRED_HEAD.test(head))) continue;
      // Absence is only reported for a code listed first. With another code before it, that code
      // may well be the condition: notes give examples ("such as"), and their ranges are narrower
      // than their words (Z3A's "obstetric condition" names O09-O60, yet O70.0 before Z3A.39 is right).
      if (p === 0) {
        out.push(warning(d, [d.code], `${d.display} is listed first, but the note at ${origin} says code first ${quoted}. Code that condition and list it before ${d.display}.`, source, origin));
      }
    }
  }
  return out;

  /** The note's origin is part of the key: a code can inherit two code-first notes. */
  function warning(d: DiagnosisView, codes: string[], message: string, source: string, origin: string): EditFinding {
    return finding('code-first', 'warning', diagnosisSubject(d), [...codes, `at ${origin}`], message, source);
  }
}

/** The note as printed, its lines joined: "underlying disease, such as: amyloidosis (E85.-); ...". */
function quote(note: InheritedNote): string {
  const [head, ...rest] = note.texts;
  const text = rest.length ? `${head}${head.endsWith(':') ? ' ' : ': '}${rest.join('; ')}` : head;
  return `"${text.replace(/^\s*,\s*/, '')}"`;
}
