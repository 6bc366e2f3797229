import { SYSTEM_LABEL } from '../../codesets/code-display';
import type { EditFinding } from '../edit-finding';
import { CARE_SETTING_LABEL } from '../encounter';
import { capital, diagnosisSubject, ENCOUNTER, finding, lineName, lineSubject, type EditContext, type EditDefinition } from './edit-context';

/** Edits on the encounter as a whole: is anything coded, is anything coded twice, do the code sets fit the setting. */
export const ENCOUNTER_EDITS: EditDefinition[] = [
  { id: 'no-codes', severity: 'error', title: 'Nothing is coded' },
  { id: 'no-diagnosis', severity: 'error', title: 'Procedures are coded but no diagnosis' },
  { id: 'duplicate-diagnosis', severity: 'error', title: 'The same diagnosis code twice' },
  { id: 'duplicate-procedure', severity: 'warning', title: 'The same procedure twice on the same date with the same modifiers' },
  // Severity varies: ICD-10-PCS outside a stay is an error, CPT/HCPCS on a stay a warning (see checkProcedureSystem).
  { id: 'procedure-system', severity: 'varies', title: 'A procedure code set that does not fit the setting' },
  { id: 'poa-missing', severity: 'error', title: 'An inpatient diagnosis without a present-on-admission indicator' },
];

export function checkEncounter(ctx: EditContext): EditFinding[] {
  const out: EditFinding[] = [];
  const { diagnoses, lines } = ctx;
  const firstListed = ctx.inpatient ? `${ctx.guidelines} II (principal diagnosis)` : `${ctx.guidelines} IV.G (first-listed diagnosis)`;
  if (diagnoses.length === 0 && lines.length === 0) {
    out.push(finding('no-codes', 'error', ENCOUNTER, [], 'Nothing is coded yet: assign the diagnoses (and procedures) the documentation supports.', firstListed));
  } else if (diagnoses.length === 0) {
    out.push(
      finding(
        'no-diagnosis',
        'error',
        ENCOUNTER,
        [],
        `${lines.length === 1 ? 'A procedure is' : `${lines.length} procedures are`} coded but no diagnosis: code the ${ctx.inpatient ? 'principal diagnosis' : 'reason for the visit'} first, then link each service to it.`,
        firstListed,
      ),
    );
  }

  const firstAt = new Map<string, number>();
  for (const d of diagnoses) {
    if (!d.code) continue;
    const earlier = firstAt.get(d.code);
    if (earlier === undefined) {
      firstAt.set(d.code, d.position);
      continue;
    }
    out.push(
      finding(
        'duplicate-diagnosis',
        'error',
        diagnosisSubject(d),
        [d.code],
        `${d.display} is listed twice (diagnoses ${earlier + 1} and ${d.position + 1}): report each code once; move any pointers to the first one and remove this one.`,
        `${ctx.guidelines} I.B.12`,
      ),
    );
  }

  const seen = new Map<string, number>();
  for (const l of lines) {
    if (!l.code) continue;
    const same = `${l.line.system}|${l.code}|${l.date}|${[...l.line.modifiers].map((m) => m.toUpperCase()).sort().join(',')}`;
    const earlier = seen.get(same);
    if (earlier === undefined) {
      seen.set(same, l.position);
      continue;
    }
    const advice =
      l.line.system === 'icd10pcs'
        ? 'If the procedure was performed twice (separate sessions or sites), keep both; otherwise remove the duplicate.'
        : 'If the service really was performed again, this can be legitimate: add the modifier that says why (76 repeat procedure by the same physician, 91 repeat lab test, 59 or XS separate site or structure, XE separate encounter) or raise the units on one line. Otherwise remove the duplicate.';
    out.push(
      finding(
        'duplicate-procedure',
        'warning',
        lineSubject(l),
        [l.code, l.date],
        `${l.display} appears twice on ${l.date} (lines ${earlier + 1} and ${l.position + 1}) with the same modifiers. ${advice}`,
        l.line.system === 'icd10pcs' ? 'ICD-10-PCS Official Guidelines B3.2 (multiple procedures)' : 'NCCI Policy Manual, Chapter I (modifiers 59, 76, 91, XE/XP/XS/XU)',
      ),
    );
  }

  out.push(...checkProcedureSystem(ctx));

  if (ctx.inpatient) {
    for (const d of diagnoses) {
      if (d.dx.poa || !d.code) continue;
      out.push(
        finding(
          'poa-missing',
          'error',
          diagnosisSubject(d),
          [d.code],
          `${d.display} has no present-on-admission indicator: report Y (present), N (not present), U (documentation insufficient), W (clinically undetermined) or 1 (exempt from POA reporting).`,
          `${ctx.guidelines} Appendix I (Present on Admission Reporting Guidelines)`,
        ),
      );
    }
  }
  return out;
}

/**
 * ICD-10-PCS is the HIPAA code set for inpatient hospital procedures only: on any other
 * encounter it is an error. CPT/HCPCS on an inpatient encounter is a warning, not an error:
 * the facility claim reports procedures in PCS, but a coder may legitimately record a HCPCS
 * drug or device, or the physician's professional service, while working the stay; the
 * warning asks them to put it on the right claim.
 */
function checkProcedureSystem(ctx: EditContext): EditFinding[] {
  const out: EditFinding[] = [];
  const source = 'HIPAA code sets (45 CFR 162.1002): ICD-10-PCS for inpatient hospital procedures, CPT/HCPCS for other services';
  for (const l of ctx.lines) {
    const { system } = l.line;
    if (system === 'icd10pcs' && !ctx.inpatient) {
      out.push(
        finding(
          'procedure-system',
          'error',
          lineSubject(l),
          [system, l.code],
          `${capital(lineName(l))} is ICD-10-PCS, which is reported only for inpatient stays; a ${CARE_SETTING_LABEL[ctx.encounter.setting].toLowerCase()} encounter reports procedures in CPT or HCPCS.`,
          source,
        ),
      );
    } else if (system !== 'icd10pcs' && ctx.inpatient) {
      out.push(
        finding(
          'procedure-system',
          'warning',
          lineSubject(l),
          [system, l.code],
          `${capital(lineName(l))} is ${SYSTEM_LABEL[system]} on an inpatient encounter: the inpatient facility claim reports procedures in ICD-10-PCS. If this is the physician's professional service, code it on the professional claim.`,
          source,
        ),
      );
    }
  }
  return out;
}
