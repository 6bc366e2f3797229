import type { EditFinding } from '../edit-finding';
import { ageOn } from '../encounter';
import type { MceAgeList, MceDefinitions } from '../reference';
import { diagnosisSubject, finding, type EditContext, type EditDefinition } from './edit-context';

/** The Medicare Code Editor's diagnosis edits the workstation runs (CMS "Definitions of Medicare Code Edits"). */
export const MCE_EDITS: EditDefinition[] = [
  { id: 'manifestation-first', severity: 'error', title: 'A manifestation code listed first (principal or first-listed)', needs: 'mce' },
  // A warning: the MCE age lists flag likely errors (a newborn code on an adult), but a
  // maternity code at 8 or an adult code at 14 does happen and is coded as documented.
  { id: 'mce-age', severity: 'warning', title: "A diagnosis whose MCE age list excludes the patient's age", needs: 'mce' },
  { id: 'unacceptable-principal', severity: 'error', title: 'An inpatient principal diagnosis the MCE does not accept as principal', needs: 'mce' },
];

const AGE_EDIT: Record<MceAgeList, { edit: string; name: string }> = {
  newborn: { edit: '4A', name: 'perinatal/newborn' },
  pediatric: { edit: '4B', name: 'pediatric' },
  maternity: { edit: '4C', name: 'maternity' },
  adult: { edit: '4D', name: 'adult' },
};

/** "Medicare Code Editor v43.1". */
export function mceLabel(mce: MceDefinitions): string {
  const v = mce.meta.version;
  return `Medicare Code Editor ${/^v/i.test(v) ? v : `v${v}`}`;
}

export function checkMce(ctx: EditContext): EditFinding[] {
  const mce = ctx.ref.mce;
  if (!mce) return [];
  const out: EditFinding[] = [];
  const label = mceLabel(mce);
  const first = ctx.diagnoses[0];
  const role = ctx.inpatient ? 'principal diagnosis' : 'first-listed diagnosis';
  if (first?.code && mce.isManifestation(first.code)) {
    out.push(
      finding(
        'manifestation-first',
        'error',
        diagnosisSubject(first),
        [first.code],
        `${first.display} is a manifestation code and cannot be the ${role}: code the underlying condition (etiology) and list it first, then ${first.display}.`,
        `${label}, edit 6; ${ctx.guidelines} I.A.13`,
      ),
    );
  }
  // Edit 9's starred codes (Z51.89) are acceptable as principal once a secondary diagnosis is coded.
  const acceptedWithSecondary = (code: string) => ctx.diagnoses.length > 1 && (mce.acceptableWithSecondary?.(code) ?? false);
  if (ctx.inpatient && first?.code && mce.isUnacceptablePrincipal(first.code) && !acceptedWithSecondary(first.code)) {
    out.push(
      finding(
        'unacceptable-principal',
        'error',
        diagnosisSubject(first),
        [first.code],
        `${first.display} is not acceptable as the principal diagnosis of an inpatient stay: sequence first the condition chiefly responsible for the admission, and keep ${first.display} as a secondary diagnosis if it applies.`,
        `${label}, edit 9; ${ctx.guidelines} II`,
      ),
    );
  }
  const { birthDate } = ctx.encounter.patient;
  // The MCE uses the age at admission: the date of service, which is the admission date for a stay.
  const age = /^\d{4}-\d{2}-\d{2}$/.test(birthDate) ? ageOn(birthDate, ctx.encounter.dateOfService) : NaN;
  if (Number.isFinite(age)) {
    for (const d of ctx.diagnoses) {
      if (!d.code) continue;
      const list = mce.ageList(d.code);
      if (!list || (age >= list.minAge && age <= list.maxAge)) continue;
      const { edit, name } = AGE_EDIT[list.list];
      const range = list.minAge === list.maxAge ? `age ${list.minAge}` : `ages ${list.minAge} to ${list.maxAge}`;
      out.push(
        finding(
          'mce-age',
          'warning',
          diagnosisSubject(d),
          [d.code],
          `${d.display} is a ${name} diagnosis (${range}), but the patient is ${age} on ${ctx.encounter.dateOfService}. Check the code and the birth date; acknowledge if the documentation supports it.`,
          `${label}, edit ${edit}`,
        ),
      );
    }
  }
  return out;
}
