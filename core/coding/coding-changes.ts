import type { CodeSystem } from '../codesets/types';
import { MAX_MODIFIERS_PER_LINE, type AssignedDiagnosis, type Encounter, type Evidence, type PresentOnAdmission, type ProcedureLine } from './encounter';

/**
 * The changes a coder makes to an encounter's coding, as pure functions: each returns a new
 * encounter and a line for the audit trail. The UI saves the result at once; tests call them
 * directly.
 */
export interface CodingChange {
  encounter: Encounter;
  audit: { action: string; detail: string };
}

/** Ids unique within an encounter, readable in an audit ("dx-3", "line-2"). */
function nextId(prefix: string, taken: { id: string }[]): string {
  let n = taken.length + 1;
  while (taken.some((t) => t.id === `${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}

function withCoding(encounter: Encounter, coding: Encounter['coding'], at: string): Encounter {
  // The first change to an untouched encounter starts it.
  const status = encounter.status === 'to-do' ? 'in-progress' : encounter.status;
  return { ...encounter, coding, status, updatedAt: at };
}

export function addDiagnosis(encounter: Encounter, code: string, at: string, evidence?: Evidence): CodingChange {
  const dx: AssignedDiagnosis = { id: nextId('dx', encounter.coding.diagnoses), code, evidence: evidence ? [evidence] : [] };
  return {
    encounter: withCoding(encounter, { ...encounter.coding, diagnoses: [...encounter.coding.diagnoses, dx] }, at),
    audit: { action: 'diagnosis added', detail: `${code}${evidence ? ` with evidence "${clip(evidence.text)}"` : ''}` },
  };
}

export function removeDiagnosis(encounter: Encounter, id: string, at: string): CodingChange {
  const dx = encounter.coding.diagnoses.find((d) => d.id === id);
  return {
    encounter: withCoding(encounter, { ...encounter.coding, diagnoses: encounter.coding.diagnoses.filter((d) => d.id !== id) }, at),
    audit: { action: 'diagnosis removed', detail: dx?.code ?? id },
  };
}

/** Move a diagnosis up (-1) or down (+1); pointers follow it because they hold ids, not letters. */
export function moveDiagnosis(encounter: Encounter, id: string, by: -1 | 1, at: string): CodingChange {
  const list = [...encounter.coding.diagnoses];
  const from = list.findIndex((d) => d.id === id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= list.length) return { encounter, audit: { action: 'diagnosis moved', detail: 'no change' } };
  [list[from], list[to]] = [list[to], list[from]];
  return {
    encounter: withCoding(encounter, { ...encounter.coding, diagnoses: list }, at),
    audit: { action: 'diagnosis moved', detail: `${list[to].code} to position ${to + 1}` },
  };
}

export function setPresentOnAdmission(encounter: Encounter, id: string, poa: PresentOnAdmission | undefined, at: string): CodingChange {
  const diagnoses = encounter.coding.diagnoses.map((d) => (d.id === id ? { ...d, poa } : d));
  const dx = diagnoses.find((d) => d.id === id);
  return { encounter: withCoding(encounter, { ...encounter.coding, diagnoses }, at), audit: { action: 'POA set', detail: `${dx?.code ?? id}: ${poa ?? 'blank'}` } };
}

/**
 * A new procedure line. It points at the first diagnosis by default, as most single-problem
 * visits do; the coder changes the pointers when not.
 */
export function addProcedure(encounter: Encounter, system: ProcedureLine['system'], code: string, at: string, evidence?: Evidence): CodingChange {
  const first = encounter.coding.diagnoses[0];
  const line: ProcedureLine = {
    id: nextId('line', encounter.coding.procedures),
    system,
    code,
    modifiers: [],
    units: 1,
    date: encounter.dateOfService,
    pointers: system === 'icd10pcs' || !first ? [] : [first.id],
    evidence: evidence ? [evidence] : [],
  };
  return {
    encounter: withCoding(encounter, { ...encounter.coding, procedures: [...encounter.coding.procedures, line] }, at),
    audit: { action: 'procedure added', detail: `${code}${evidence ? ` with evidence "${clip(evidence.text)}"` : ''}` },
  };
}

export function removeProcedure(encounter: Encounter, id: string, at: string): CodingChange {
  const line = encounter.coding.procedures.find((p) => p.id === id);
  return {
    encounter: withCoding(encounter, { ...encounter.coding, procedures: encounter.coding.procedures.filter((p) => p.id !== id) }, at),
    audit: { action: 'procedure removed', detail: line?.code ?? id },
  };
}

/** Change one field of a procedure line: modifiers, units, date or pointers. */
export function updateProcedure(encounter: Encounter, id: string, patch: Partial<Pick<ProcedureLine, 'modifiers' | 'units' | 'date' | 'pointers'>>, at: string): CodingChange {
  const procedures = encounter.coding.procedures.map((p) => (p.id === id ? { ...p, ...patch } : p));
  const line = procedures.find((p) => p.id === id);
  const what = Object.entries(patch)
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(' ') || 'none' : String(v)}`)
    .join(', ');
  return { encounter: withCoding(encounter, { ...encounter.coding, procedures }, at), audit: { action: 'procedure changed', detail: `${line?.code ?? id}: ${what}` } };
}

/** Link a span of a note to an assigned code as its evidence. */
export function linkEvidence(encounter: Encounter, target: { kind: 'diagnosis' | 'procedure'; id: string }, evidence: Evidence, at: string): CodingChange {
  const add = <T extends { id: string; evidence: Evidence[]; code: string }>(items: T[]) => items.map((i) => (i.id === target.id ? { ...i, evidence: [...i.evidence, evidence] } : i));
  const coding =
    target.kind === 'diagnosis' ? { ...encounter.coding, diagnoses: add(encounter.coding.diagnoses) } : { ...encounter.coding, procedures: add(encounter.coding.procedures) };
  const code = [...coding.diagnoses, ...coding.procedures].find((i) => i.id === target.id)?.code ?? target.id;
  return { encounter: withCoding(encounter, coding, at), audit: { action: 'evidence linked', detail: `${code}: "${clip(evidence.text)}"` } };
}

/**
 * Modifiers as a coder types them ("rt 59", "RT,59"): upper case, split on spaces or commas.
 * More than four are kept so the edit can say so, rather than silently dropped.
 */
export function parseModifiers(text: string): string[] {
  return text
    .toUpperCase()
    .split(/[\s,]+/)
    .filter(Boolean)
    .slice(0, MAX_MODIFIERS_PER_LINE + 4);
}

/** Pointer letters as typed ("AB", "a c", "A,B") to diagnosis ids; letters past the list are kept as `?X` so the edit reports them. */
export function pointersFromLetters(text: string, diagnoses: AssignedDiagnosis[]): string[] {
  return [...text.toUpperCase().replace(/[^A-Z]/g, '')].map((letter) => diagnoses[letter.charCodeAt(0) - 65]?.id ?? `?${letter}`);
}

/** Which code set a looked-up code goes to: diagnoses for ICD-10-CM, procedure lines otherwise. */
export function assignsAsDiagnosis(system: CodeSystem): boolean {
  return system === 'icd10cm';
}

function clip(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}
