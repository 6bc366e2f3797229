import type { EditFinding } from '../edit-finding';
import type { Encounter } from '../encounter';
import type { CodingReference } from '../reference';
import { CLAIM_LINE_EDITS, checkClaimLines } from './claim-lines';
import { CODE_VALIDITY_EDITS, checkCodeValidity } from './code-validity';
import { editContext, type EditContext, type EditDefinition, type EditNeeds } from './edit-context';
import { checkEncounter, ENCOUNTER_EDITS } from './encounter-edits';
import { checkMce, MCE_EDITS } from './mce-edits';
import { checkMue, MUE_EDITS } from './mue-units';
import { checkCodeFirst, checkExcludes1, TABULAR_NOTE_EDITS } from './tabular-notes';

export type { EditDefinition } from './edit-context';

/** Every edit the workstation runs, in the order the help screen lists them. */
export const EDITS: readonly EditDefinition[] = [...ENCOUNTER_EDITS, ...CODE_VALIDITY_EDITS, ...TABULAR_NOTE_EDITS, ...MCE_EDITS, ...MUE_EDITS, ...CLAIM_LINE_EDITS];

/** The checks, each giving findings of one or more of the edits above. A check whose data is not installed returns nothing. */
const CHECKS: ((ctx: EditContext) => EditFinding[])[] = [checkEncounter, checkCodeValidity, checkExcludes1, checkCodeFirst, checkMce, checkMue, checkClaimLines];

/**
 * Every edit on the encounter as it stands: errors (which block finishing) first, then
 * warnings (which need the coder's acknowledgement); within each, the encounter's own
 * findings, then the diagnoses and the procedure lines in their order. Pure and fast enough to
 * run on every change the coder makes: each code is looked up once per run, and the
 * reference caches look-ups between runs.
 */
export function runEdits(encounter: Encounter, ref: CodingReference): EditFinding[] {
  const ctx = editContext(encounter, ref);
  const findings = CHECKS.flatMap((check) => check(ctx));
  const order = new Map<string, number>();
  ctx.diagnoses.forEach((d, i) => order.set(`diagnosis:${d.dx.id}`, 1 + i));
  ctx.lines.forEach((l, i) => order.set(`procedure:${l.line.id}`, 1 + ctx.diagnoses.length + i));
  const rank = (f: EditFinding) => (f.subject.kind === 'encounter' ? 0 : (order.get(`${f.subject.kind}:${f.subject.id}`) ?? 0));
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (a.f.severity === b.f.severity ? 0 : a.f.severity === 'error' ? -1 : 1) || rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f);
}

/** Edits that cannot run (or run partly) with the reference data installed, and why. */
export interface EditGap {
  editIds: string[];
  reason: string;
}

const MISSING: Record<EditNeeds, string> = {
  tabular: 'no ICD-10-CM Tabular List is installed (header codes are still caught from the code list)',
  mce: 'the Medicare Code Editor definitions are not installed',
  mue: 'the NCCI MUE tables are not installed',
};

const NEEDS_NAME: Record<EditNeeds, string> = {
  tabular: 'Excludes1 and code-first notes, 7th characters and placeholder X',
  mce: 'MCE edits (manifestation listed first, age conflicts, unacceptable principal diagnosis)',
  mue: 'MUE unit limits',
};

/** What the edits could not check with this reference, for the coding panel to say. */
export function editGaps(ref: CodingReference): EditGap[] {
  const gaps: EditGap[] = [];
  const installed: Record<EditNeeds, boolean> = { tabular: !!ref.tabular, mce: !!ref.mce, mue: !!ref.mue };
  for (const needs of ['tabular', 'mce', 'mue'] as const) {
    if (installed[needs]) continue;
    gaps.push({ editIds: EDITS.filter((e) => e.needs === needs).map((e) => e.id), reason: `${NEEDS_NAME[needs]} are not checked: ${MISSING[needs]}.` });
  }
  gaps.push({ editIds: ['modifier-unknown'], reason: 'CPT modifiers (two digits, such as 25 or 59) are checked for form only: the licensed CPT file lists codes, not modifiers.' });
  return gaps;
}

/** `editGaps` as the sentences the coding panel lists under "not checked". */
export function editCoverage(ref: CodingReference): string[] {
  return editGaps(ref).map((g) => g.reason);
}
