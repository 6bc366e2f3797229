import { displayCode, SYSTEM_LABEL } from '../../codesets/code-display';
import type { CodeSystem, ReleaseMeta } from '../../codesets/types';
import type { EditFinding } from '../edit-finding';
import type { CodeOnDate } from '../reference';
import { diagnosisSubject, ENCOUNTER, finding, lineName, lineSubject, type DiagnosisView, type EditContext, type EditDefinition } from './edit-context';

/**
 * Is each code a complete code of the release in effect on its date? One analysis per code
 * gives at most one of these findings, the most specific that applies: a missing placeholder
 * or 7th character says more than "header" or "not a code".
 */
export const CODE_VALIDITY_EDITS: EditDefinition[] = [
  { id: 'release-missing', severity: 'error', title: 'No release of the code set is installed for the date of service' },
  { id: 'not-valid-on-date', severity: 'error', title: 'The code is not in the release in effect on the date (added later, deleted or terminated)' },
  { id: 'code-unknown', severity: 'error', title: 'The code is in no installed release of its code set' },
  { id: 'header-code', severity: 'error', title: 'A header (category or subcategory), not a code valid for claims' },
  { id: 'seventh-character', severity: 'error', title: 'A code that takes a 7th character lacks it, or has one its category does not allow', needs: 'tabular' },
  { id: 'placeholder-x', severity: 'error', title: 'A code that takes a 7th character needs placeholder X to reach 6 characters', needs: 'tabular' },
];

/** 7th-character choices a message spells out; injuries have 16 (S52), listed by letter past this. */
const SHOWN_CHOICES = 4;

/** "S52.501A initial encounter ...; S52.501B ...; ... and 13 more (see the Tabular)". */
function choices(items: string[]): string {
  return items.length <= SHOWN_CHOICES ? items.join('; ') : `${items.slice(0, 3).join('; ')}; and ${items.length - 3} more (see the Tabular)`;
}

/** Characters tried after a short header to show completed codes (T15.0 -> T15.00XA, T15.01XA, T15.02XA). */
const NEXT_CHARACTERS = '0123456789X';

const SOURCE_CODE_SETS = 'HIPAA code sets in effect on the date of service (45 CFR 162.1002)';

export function checkCodeValidity(ctx: EditContext): EditFinding[] {
  const out: EditFinding[] = [];
  const missing = new Map<string, { system: CodeSystem; date: string; codes: string[] }>();
  const noteMissing = (system: CodeSystem, date: string, display: string) => {
    const k = `${system}:${date}`;
    const m = missing.get(k);
    if (m) m.codes.push(display);
    else missing.set(k, { system, date, codes: [display] });
  };

  for (const d of ctx.diagnoses) {
    if (!d.lookup) {
      out.push(finding('code-unknown', 'error', diagnosisSubject(d), [], `Diagnosis ${d.position + 1} has no code: enter one or remove the row.`, 'CMS-1500 item 21 / UB-04 FL 67'));
      continue;
    }
    if (d.lookup.status === 'no-release') noteMissing('icd10cm', ctx.date, d.display);
    else if (d.lookup.status === 'not-in-effect') out.push(notInEffect('icd10cm', d.display, d.code, d.lookup, ctx.date, ctx.dateLabel, diagnosisSubject(d)));
    else if (d.lookup.status === 'header' || d.lookup.status === 'unknown') out.push(seventhCharacterProblem(ctx, d) ?? icdHeaderOrUnknown(ctx, d, d.lookup));
  }

  for (const l of ctx.lines) {
    const { system } = l.line;
    const label = SYSTEM_LABEL[system];
    if (!l.lookup) {
      out.push(finding('code-unknown', 'error', lineSubject(l), [], `Procedure ${lineName(l)} has no code: enter one or remove the line.`, 'CMS-1500 item 24D / UB-04 FL 74'));
      continue;
    }
    const lookup = l.lookup;
    const subject = lineSubject(l);
    switch (lookup.status) {
      case 'no-release':
        noteMissing(system, l.date, l.display);
        break;
      case 'not-in-effect':
        out.push(notInEffect(system, l.display, l.code, lookup, l.date, system === 'icd10pcs' ? ctx.dateLabel : 'the date of service', subject));
        break;
      case 'valid':
        if (lookup.kind === 'modifier') {
          out.push(finding('code-unknown', 'error', subject, [l.code], `${l.display} is a HCPCS modifier, not a procedure code: add it to the line's modifiers and enter the service's code.`, releaseSource(lookup.release)));
        }
        break;
      case 'header':
        out.push(
          finding(
            'header-code',
            'error',
            subject,
            [l.code],
            system === 'icd10pcs'
              ? `${l.display} is an ICD-10-PCS table heading, not a complete code: a PCS code has all 7 characters (body part, approach, device, qualifier). Build the full code from the table.`
              : `${l.display} is a ${label} heading, not a code valid for claims: it needs more characters. Choose the complete code under it.`,
            `${releaseSource(lookup.release)}: headers are not valid for claims`,
          ),
        );
        break;
      case 'unknown':
        out.push(
          finding(
            'code-unknown',
            'error',
            subject,
            [l.code],
            `${l.display} is not a ${label} code: it is in no installed ${label} release (${lookup.release.version} is in effect on ${l.date}). Check the code${system === 'cpt' ? ', and that the licensed CPT file for this year is imported' : ''}.`,
            releaseSource(lookup.release),
          ),
        );
        break;
    }
  }

  for (const { system, date, codes } of missing.values()) {
    const label = SYSTEM_LABEL[system];
    const fix = system === 'cpt' ? 'import the licensed CPT file for that year on the Code sets screen' : `install the ${label} release in effect then on the Code sets screen`;
    out.push(
      finding(
        'release-missing',
        // CPT is licensed per customer: a workstation without the file cannot check CPT codes,
        // but must not stop a coder from finishing; the warning's acknowledgement is recorded
        // so an auditor sees the lines went out unchecked. A missing ICD-10 or HCPCS release
        // blocks, because those are always shipped and their absence means a wrong setup.
        system === 'cpt' ? 'warning' : 'error',
        ENCOUNTER,
        [system, date],
        `No ${label} release is installed for ${date}, so ${codes.join(', ')} cannot be checked: ${fix}. Another year's codes are never used instead.`,
        SOURCE_CODE_SETS,
      ),
    );
  }
  return out;
}

/** "ICD-10-CM FY2026 code list (2025-10-01 to 2026-09-30)". */
export function releaseSource(release: ReleaseMeta): string {
  const when = release.effectiveTo ? `in effect ${release.effectiveFrom} to ${release.effectiveTo}` : `in effect from ${release.effectiveFrom} until replaced`;
  return `${SYSTEM_LABEL[release.system]} ${release.version} code list (${when})`;
}

function notInEffect(
  system: CodeSystem,
  display: string,
  code: string,
  lookup: Extract<CodeOnDate, { status: 'not-in-effect' }>,
  date: string,
  dateLabel: string,
  subject: EditFinding['subject'],
): EditFinding {
  const label = SYSTEM_LABEL[system];
  const { release } = lookup;
  let message: string;
  if (lookup.terminatedOn) {
    message = `${display} was terminated on ${lookup.terminatedOn} (${label} ${release.version} file): it is not valid for ${dateLabel} ${date}. Use the code that replaced it.`;
  } else if (lookup.addedOn) {
    message = `${display} was added on ${lookup.addedOn} (${label} ${release.version} file): it is not valid for ${dateLabel} ${date}.`;
  } else {
    const later = lookup.validIn.find((r) => r.effectiveFrom > date);
    const earlier = lookup.validIn.filter((r) => r.effectiveTo !== null && r.effectiveTo < date).at(-1);
    if (later) {
      message = `${display} is valid from ${label} ${later.version} (${later.effectiveFrom}); ${dateLabel} ${date} uses ${release.version}, which does not have it. Code from ${release.version}, or check the date.`;
    } else if (earlier) {
      message = `${display} was valid through ${label} ${earlier.version} (until ${earlier.effectiveTo}); ${dateLabel} ${date} uses ${release.version}, where it was deleted or expanded. Choose its ${release.version} code.`;
    } else {
      message = `${display} is listed as terminated in ${label} ${release.version}: it is not valid for ${dateLabel} ${date}. Use the code that replaced it.`;
    }
  }
  return finding('not-valid-on-date', 'error', subject, [code, date], message, releaseSource(release));
}

function icdHeaderOrUnknown(ctx: EditContext, d: DiagnosisView, lookup: Extract<CodeOnDate, { status: 'header' | 'unknown' }>): EditFinding {
  if (lookup.status === 'unknown') {
    return finding(
      'code-unknown',
      'error',
      diagnosisSubject(d),
      [d.code],
      `${d.display} is not an ICD-10-CM code: it is in no installed release (${lookup.release.version} is in effect on ${ctx.date}). Check the code in the Tabular.`,
      releaseSource(lookup.release),
    );
  }
  const seventh = ctx.ref.tabular?.seventh(d.code);
  let also = '';
  if (seventh) {
    also = ` Codes under it also take a 7th character (${seventh.characters.map((c) => c.char).join(', ')}).`;
    // T15.0: one more character, then X to 6 and the 7th character (T15.01XA); worth spelling out.
    const first = seventh.characters[0]?.char;
    const valid = (code: string) => ctx.ref.codeOnDate('icd10cm', code, ctx.date).status === 'valid';
    const examples = d.code.length <= 4 && first ? [...NEXT_CHARACTERS].map((c) => (d.code + c).padEnd(6, 'X') + first).filter(valid) : [];
    if (examples.length) also += ` For example ${examples.slice(0, 3).map((c) => displayCode('icd10cm', c)).join(', ')}.`;
  }
  return finding(
    'header-code',
    'error',
    diagnosisSubject(d),
    [d.code],
    `${d.display} is a ${d.code.length === 3 ? 'category' : 'subcategory'} header, not a code valid for claims: it needs more characters. Choose the complete code under it in the Tabular.${also}`,
    `${ctx.guidelines} I.B.2; ${releaseSource(lookup.release)}`,
  );
}

/**
 * The Tabular's 7th-character definition explains why a code is a header or not a code:
 * S52.501 lacks its 7th character, T15.01 needs X to reach 6 characters (T15.01XA), T15.01A
 * lacks the X, S52.501Z has a 7th character S52 does not define. The code list decides which
 * completed codes exist, so a suggestion is always a valid code.
 */
function seventhCharacterProblem(ctx: EditContext, d: DiagnosisView): EditFinding | null {
  const tabular = ctx.ref.tabular;
  if (!tabular) return null;
  const valid = (code: string) => ctx.ref.codeOnDate('icd10cm', code, ctx.date).status === 'valid';
  const show = (code: string) => displayCode('icd10cm', code);
  const { code } = d;
  const subject = diagnosisSubject(d);
  const def = code.length <= 7 ? tabular.seventh(code) : null;
  const sourceA5 = `${ctx.guidelines} I.A.5; 7th characters of ${show(def?.from ?? code)} (Tabular ${tabular.version})`;
  if (def) {
    const chars = def.characters;
    if (code.length === 7) {
      if (chars.some((c) => c.char === code[6])) return null;
      return finding(
        'seventh-character',
        'error',
        subject,
        [code],
        `${d.display}: "${code[6]}" is not a 7th character of ${show(def.from)}. Its 7th characters are ${chars.map((c) => c.char).join(', ')}${chars.length <= SHOWN_CHOICES ? ` (${chars.map((c) => `${c.char} ${c.meaning}`).join('; ')})` : ''}: see ${show(def.from)} in the Tabular.`,
        sourceA5,
      );
    }
    if (code.length === 6) {
      const options = chars.filter((c) => valid(code + c.char));
      if (options.length === 0) return null;
      return finding(
        'seventh-character',
        'error',
        subject,
        [code],
        `${d.display} needs a 7th character: ${choices(options.map((c) => `${show(code + c.char)} ${c.meaning}`))}.`,
        sourceA5,
      );
    }
    const padded = code.padEnd(6, 'X');
    const options = chars.filter((c) => valid(padded + c.char));
    if (options.length === 0) return null;
    return finding(
      'placeholder-x',
      'error',
      subject,
      [code],
      `${d.display} takes a 7th character but has only ${code.length} characters: fill to 6 with placeholder X, then add the 7th character: ${choices(options.map((c) => `${show(padded + c.char)} ${c.meaning}`))}.`,
      `${ctx.guidelines} I.A.4, I.A.5; 7th characters of ${show(def.from)} (Tabular ${tabular.version})`,
    );
  }
  // The 7th character typed straight after a short code: T15.01A for T15.01XA.
  if (d.lookup?.status === 'unknown' && code.length >= 4 && code.length <= 6) {
    const base = code.slice(0, -1);
    const last = code[code.length - 1];
    const baseDef = tabular.seventh(base);
    const fixed = base.padEnd(6, 'X') + last;
    if (baseDef && baseDef.characters.some((c) => c.char === last) && fixed !== code && valid(fixed)) {
      return finding(
        'placeholder-x',
        'error',
        subject,
        [code],
        `${d.display} is missing its placeholder X: the 7th character goes in position 7, so the code is ${show(fixed)}.`,
        `${ctx.guidelines} I.A.4, I.A.5; 7th characters of ${show(baseDef.from)} (Tabular ${tabular.version})`,
      );
    }
  }
  return null;
}
