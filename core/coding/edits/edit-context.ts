import { displayCode, normalizeCodeInput } from '../../codesets/code-display';
import type { EditFinding, EditSeverity, FindingSubject } from '../edit-finding';
import { codeSetDate, type AssignedDiagnosis, type Encounter, type ProcedureLine } from '../encounter';
import type { CodeOnDate, CodingReference } from '../reference';

/** What data an edit needs besides the code lists; without it the edit emits nothing. */
export type EditNeeds = 'tabular' | 'mce' | 'mue';

/** One edit as the help screen and `editCoverage` list it. */
export interface EditDefinition {
  /** Stable id, part of every finding's key. */
  id: string;
  /** `varies` when the severity depends on the finding (MUE adjudication indicator, the setting). */
  severity: EditSeverity | 'varies';
  /** What it checks, in a coder's words. */
  title: string;
  needs?: EditNeeds;
}

/** A diagnosis as the edits see it: its code normalized, shown with the dot, and looked up on the code-set date. */
export interface DiagnosisView {
  dx: AssignedDiagnosis;
  position: number;
  code: string;
  display: string;
  /** Null while the row has no code yet. */
  lookup: CodeOnDate | null;
}

/** A procedure line as the edits see it: its date of service and its code looked up on it. */
export interface LineView {
  line: ProcedureLine;
  position: number;
  code: string;
  display: string;
  /** The date that picks the release: the line's date (CPT/HCPCS), the discharge date (ICD-10-PCS, inpatient). */
  date: string;
  /** Null while the line has no code yet. */
  lookup: CodeOnDate | null;
}

/** Everything one run of the edits shares, computed once: the code of every line looked up once. */
export interface EditContext {
  encounter: Encounter;
  ref: CodingReference;
  /** The date that picks the ICD-10 release (discharge date for an inpatient stay). */
  date: string;
  /** "the date of service" or "the discharge date", as messages name `date`. */
  dateLabel: string;
  inpatient: boolean;
  /** "ICD-10-CM Official Guidelines FY2026": the guidelines of the fiscal year of `date`. */
  guidelines: string;
  diagnoses: DiagnosisView[];
  lines: LineView[];
}

/** The federal fiscal year of a date: FY2026 runs 2025-10-01 to 2026-09-30. */
export function fiscalYearOf(date: string): number {
  const year = Number(date.slice(0, 4));
  return Number(date.slice(5, 7)) >= 10 ? year + 1 : year;
}

export function editContext(encounter: Encounter, ref: CodingReference): EditContext {
  const date = codeSetDate(encounter);
  const inpatient = encounter.setting === 'inpatient';
  const diagnoses = encounter.coding.diagnoses.map((dx, position): DiagnosisView => {
    const code = normalizeCodeInput(dx.code);
    return { dx, position, code, display: displayCode('icd10cm', code), lookup: code ? ref.codeOnDate('icd10cm', code, date) : null };
  });
  const lines = encounter.coding.procedures.map((line, position): LineView => {
    const code = normalizeCodeInput(line.code);
    // ICD-10-PCS follows the stay's discharge date like ICD-10-CM; CPT and HCPCS the date the service was performed.
    const lineDate = line.system === 'icd10pcs' ? date : line.date || encounter.dateOfService;
    return { line, position, code, display: displayCode(line.system, code), date: lineDate, lookup: code ? ref.codeOnDate(line.system, code, lineDate) : null };
  });
  return {
    encounter,
    ref,
    date,
    dateLabel: inpatient && encounter.dischargeDate ? 'the discharge date' : 'the date of service',
    inpatient,
    guidelines: `ICD-10-CM Official Guidelines FY${fiscalYearOf(date)}`,
    diagnoses,
    lines,
  };
}

export function diagnosisSubject(d: DiagnosisView): FindingSubject {
  return { kind: 'diagnosis', id: d.dx.id };
}

export function lineSubject(l: LineView): FindingSubject {
  return { kind: 'procedure', id: l.line.id };
}

export const ENCOUNTER: FindingSubject = { kind: 'encounter' };

/**
 * A finding with its key: edit id, subject and the codes involved, so an acknowledgement stays
 * with the same warning across re-runs and lapses when the codes change.
 */
export function finding(editId: string, severity: EditSeverity, subject: FindingSubject, codes: string[], message: string, source: string): EditFinding {
  const who = subject.kind === 'encounter' ? 'encounter' : `${subject.kind}:${subject.id}`;
  return { editId, severity, message, source, subject, key: `${editId}|${who}|${codes.join('+')}` };
}

/** "line 2 (G0008)": how a message names a procedure line (the same code may be on several). */
export function lineName(l: LineView): string {
  return `line ${l.position + 1}${l.code ? ` (${l.display})` : ''}`;
}

/** A message fragment at the start of a sentence. */
export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
