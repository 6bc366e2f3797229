import type { EditFinding } from '../edit-finding';
import { MAX_MODIFIERS_PER_LINE, MAX_POINTERS_PER_LINE, POINTER_LETTERS, pointerLetter } from '../encounter';
import { capital, finding, lineName, lineSubject, type EditContext, type EditDefinition, type LineView } from './edit-context';
import { releaseSource } from './code-validity';

/** What the claim form allows on a service line: units, modifiers and diagnosis pointers. */
export const CLAIM_LINE_EDITS: EditDefinition[] = [
  { id: 'units-invalid', severity: 'error', title: 'Units that are not a whole number of at least 1' },
  { id: 'modifier-unknown', severity: 'error', title: 'A modifier that is not a HCPCS modifier in effect on the date' },
  { id: 'modifier-repeated', severity: 'error', title: 'The same modifier twice on one line' },
  { id: 'too-many-modifiers', severity: 'error', title: 'More than 4 modifiers on one line' },
  { id: 'modifier-on-pcs', severity: 'error', title: 'A modifier on an ICD-10-PCS procedure' },
  { id: 'pointer-missing', severity: 'error', title: 'A CPT/HCPCS line that points to no diagnosis' },
  { id: 'pointer-out-of-range', severity: 'error', title: 'A pointer to a removed diagnosis or one past L, more than 4 pointers, or a repeated pointer' },
];

const SOURCE_UNITS = 'CMS-1500 item 24G / 837P SV104: units are a whole number';
const SOURCE_MODIFIERS = `CMS-1500 item 24D: up to ${MAX_MODIFIERS_PER_LINE} modifiers per line`;
const SOURCE_POINTERS = `CMS-1500 item 24E: up to ${MAX_POINTERS_PER_LINE} diagnosis pointers (A-L) per line`;
/** CPT (Level I) modifiers are two digits; the licensed CPT file has codes only, so they are not checked. */
export const CPT_MODIFIER = /^[0-9]{2}$/;

export function checkClaimLines(ctx: EditContext): EditFinding[] {
  const out: EditFinding[] = [];
  const position = new Map(ctx.diagnoses.map((d) => [d.dx.id, d]));
  for (const l of ctx.lines) {
    const subject = lineSubject(l);
    const { units, modifiers, system } = l.line;
    if (!Number.isInteger(units) || units < 1) {
      out.push(finding('units-invalid', 'error', subject, [String(units)], `${capital(lineName(l))} has ${JSON.stringify(units)} units: enter a whole number of 1 or more.`, SOURCE_UNITS));
    }
    if (system === 'icd10pcs') {
      if (modifiers.length) {
        out.push(
          finding(
            'modifier-on-pcs',
            'error',
            subject,
            [l.code, ...modifiers],
            `${l.display} is an ICD-10-PCS code, which takes no modifiers: remove ${modifiers.join(', ')}. What a modifier would say (side, approach, device) is in the PCS code's own characters.`,
            'ICD-10-PCS: the 7 characters carry everything; the UB-04 procedure fields (FL 74) have no modifiers',
          ),
        );
      }
      continue; // PCS procedures on the facility claim have no pointers either
    }
    out.push(...modifierFindings(ctx, l));
    out.push(...pointerFindings(l, position));
  }
  return out;
}

function modifierFindings(ctx: EditContext, l: LineView): EditFinding[] {
  const out: EditFinding[] = [];
  const subject = lineSubject(l);
  const mods = l.line.modifiers.map((m) => m.trim().toUpperCase());
  if (mods.length > MAX_MODIFIERS_PER_LINE) {
    out.push(
      finding(
        'too-many-modifiers',
        'error',
        subject,
        mods,
        `${capital(lineName(l))} has ${mods.length} modifiers (${mods.join(', ')}); a claim line holds ${MAX_MODIFIERS_PER_LINE}. Keep the ones that affect payment first; split the service or drop informational ones.`,
        SOURCE_MODIFIERS,
      ),
    );
  }
  const seen = new Set<string>();
  for (const mod of mods) {
    if (seen.has(mod)) {
      out.push(finding('modifier-repeated', 'error', subject, [mod], `Modifier ${mod} appears more than once on ${lineName(l)}: report each modifier once.`, SOURCE_MODIFIERS));
      continue;
    }
    seen.add(mod);
    if (!/^[A-Z0-9]{2}$/.test(mod)) {
      out.push(finding('modifier-unknown', 'error', subject, [mod], `"${mod}" on ${lineName(l)} is not a modifier: modifiers are two letters or digits (RT, 25, XS).`, SOURCE_MODIFIERS));
      continue;
    }
    if (CPT_MODIFIER.test(mod)) continue;
    const found = ctx.ref.codeOnDate('hcpcs', mod, l.date);
    if (found.status === 'valid' && found.kind === 'modifier') continue;
    if (found.status === 'no-release') continue; // release-missing speaks for HCPCS lines; a CPT line's modifiers cannot be checked
    let message: string;
    if (found.status === 'not-in-effect') {
      const when = found.terminatedOn ? ` was terminated on ${found.terminatedOn}` : found.addedOn ? ` takes effect on ${found.addedOn}` : ' is not in effect';
      message = `Modifier ${mod} on ${lineName(l)}${when}: it is not valid on ${l.date}. Use the modifier that replaced it.`;
    } else {
      message = `${mod} on ${lineName(l)} is not a HCPCS Level II modifier in the ${found.release.version} file: check the modifier.`;
    }
    out.push(finding('modifier-unknown', 'error', subject, [mod, l.date], message, releaseSource(found.release).replace('code list', 'modifiers')));
  }
  return out;
}

function pointerFindings(l: LineView, diagnoses: Map<string, { position: number; display: string }>): EditFinding[] {
  const out: EditFinding[] = [];
  const subject = lineSubject(l);
  const { pointers } = l.line;
  if (pointers.length === 0) {
    out.push(finding('pointer-missing', 'error', subject, [l.code], `${capital(lineName(l))} points to no diagnosis: point it to the diagnosis (A-L) that supports the service, the most relevant first.`, SOURCE_POINTERS));
    return out;
  }
  if (pointers.length > MAX_POINTERS_PER_LINE) {
    out.push(
      finding(
        'pointer-out-of-range',
        'error',
        subject,
        [`count:${pointers.length}`],
        `${capital(lineName(l))} has ${pointers.length} diagnosis pointers; a claim line holds ${MAX_POINTERS_PER_LINE}. Keep the ${MAX_POINTERS_PER_LINE} that best support the service, the most relevant first.`,
        SOURCE_POINTERS,
      ),
    );
  }
  const seen = new Set<string>();
  for (const id of pointers) {
    const d = diagnoses.get(id);
    if (seen.has(id)) {
      out.push(finding('pointer-out-of-range', 'error', subject, [`repeat:${id}`], `${capital(lineName(l))} points to ${d ? `${pointerLetter(d.position) ?? ''} (${d.display})` : 'the same diagnosis'} more than once: point to each diagnosis once.`, SOURCE_POINTERS));
      continue;
    }
    seen.add(id);
    if (!d) {
      out.push(finding('pointer-out-of-range', 'error', subject, [`removed:${id}`], `${capital(lineName(l))} points to a diagnosis that is no longer on the list: point it again.`, SOURCE_POINTERS));
    } else if (d.position >= POINTER_LETTERS.length) {
      out.push(
        finding(
          'pointer-out-of-range',
          'error',
          subject,
          [`past-L:${id}`],
          `${capital(lineName(l))} points to diagnosis ${d.position + 1} (${d.display}), past L: a claim carries ${POINTER_LETTERS.length} diagnoses. Move ${d.display} into A-L or point to another diagnosis.`,
          SOURCE_POINTERS,
        ),
      );
    }
  }
  return out;
}
