import type { EditFinding, EditSeverity } from '../edit-finding';
import type { CareSetting } from '../encounter';
import type { MueLimit, MueTableKind } from '../reference';
import { finding, lineSubject, type EditContext, type EditDefinition, type LineView } from './edit-context';

export const MUE_EDITS: EditDefinition[] = [{ id: 'mue-units', severity: 'varies', title: 'Units above the Medically Unlikely Edit for the code', needs: 'mue' }];

/** The MUE table the setting's claim is edited against; an inpatient stay has none. */
export const MUE_TABLE_FOR_SETTING: Record<CareSetting, MueTableKind | null> = {
  office: 'practitioner',
  emergency: 'practitioner',
  'outpatient-surgery': 'outpatient-hospital',
  'dme-supplier': 'dme',
  inpatient: null,
};

const TABLE_NAME: Record<MueTableKind, string> = {
  practitioner: 'practitioner services',
  'outpatient-hospital': 'outpatient hospital services',
  dme: 'DME supplier services',
};

/**
 * MAI 2 (policy) is an error: CMS pays no units above it, whatever the documentation. MAI 1
 * and 3 are warnings: above a line edit (1) the extra units may be reported on another line
 * with a modifier, and above a clinical date-of-service edit (3) they are paid on appeal when
 * the record supports them, so the coder decides with the documentation in hand.
 */
const SEVERITY: Record<MueLimit['adjudication'], EditSeverity> = { 1: 'warning', 2: 'error', 3: 'warning' };

const MAI_TEXT: Record<MueLimit['adjudication'], string> = {
  1: 'MAI 1, line edit',
  2: 'MAI 2, date-of-service edit: policy',
  3: 'MAI 3, date-of-service edit: clinical',
};

export function checkMue(ctx: EditContext): EditFinding[] {
  const mue = ctx.ref.mue;
  const table = MUE_TABLE_FOR_SETTING[ctx.encounter.setting];
  if (!mue || !table) return [];
  const out: EditFinding[] = [];
  const source = `NCCI MUE ${TABLE_NAME[table]} table ${mue.meta.version}`;
  // Date-of-service edits (MAI 2, 3) count every line of the code on the same day.
  const byDay = new Map<string, { limit: MueLimit; lines: LineView[] }>();
  for (const l of ctx.lines) {
    if (l.line.system === 'icd10pcs' || !l.code || !Number.isInteger(l.line.units) || l.line.units < 1) continue;
    const limit = mue.limit(table, l.code);
    if (!limit) continue;
    if (limit.adjudication === 1) {
      if (l.line.units > limit.value) {
        out.push(
          finding(
            'mue-units',
            SEVERITY[1],
            lineSubject(l),
            [`${l.code}x${l.line.units}`],
            `${l.display} has ${l.line.units} units on line ${l.position + 1}; the MUE is ${limit.value} per line (${MAI_TEXT[1]}; rationale: ${limit.rationale}). Units above it are denied: if more were medically necessary, report them on another line with the modifier that explains it (76, 91, 59/XS) and keep the documentation.`,
            source,
          ),
        );
      }
      continue;
    }
    const key = `${l.line.system}|${l.code}|${l.date}`;
    const group = byDay.get(key);
    if (group) group.lines.push(l);
    else byDay.set(key, { limit, lines: [l] });
  }
  for (const { limit, lines } of byDay.values()) {
    const total = lines.reduce((n, l) => n + l.line.units, 0);
    if (total <= limit.value) continue;
    const first = lines[0];
    const where = lines.length > 1 ? ` across lines ${lines.map((l) => l.position + 1).join(', ')}` : '';
    const advice =
      limit.adjudication === 2
        ? 'CMS pays no units above a policy MUE: correct the units.'
        : 'Units above it are denied unless the record supports them on appeal: check the units against the documentation.';
    // An MUE of 0 is not a count to correct: CMS does not pay the code on this kind of claim at all.
    const message =
      limit.value === 0
        ? `${first.display}: the MUE is 0 in the ${TABLE_NAME[table]} table (${MAI_TEXT[limit.adjudication]}; rationale: ${limit.rationale}), so CMS pays no units of it on this kind of claim. Check whether it belongs on another claim (a DME item on the supplier's claim to the DME MAC).`
        : `${first.display} has ${total} units on ${first.date}${where}; the MUE is ${limit.value} per day (${MAI_TEXT[limit.adjudication]}; rationale: ${limit.rationale}). ${advice}`;
    out.push(finding('mue-units', SEVERITY[limit.adjudication], lineSubject(first), [`${first.code}x${total}`, first.date], message, source));
  }
  return out;
}
