import type { CodeSystem } from '../codesets/types';

/**
 * The encounter as a coder works it: who was seen, when and where, the provider's notes, and
 * the codes assigned so far. Everything here is plain JSON, so it is stored in IndexedDB,
 * frozen into revisions and sent to the billing server as it is.
 */

/**
 * Where care was given. It decides which code sets apply (ICD-10-PCS procedures only for an
 * inpatient stay, CPT/HCPCS otherwise), whether present-on-admission is reported, and which
 * MUE table limits units.
 */
export type CareSetting = 'office' | 'emergency' | 'outpatient-surgery' | 'inpatient' | 'dme-supplier';

export const CARE_SETTING_LABEL: Record<CareSetting, string> = {
  office: 'Professional office',
  emergency: 'Emergency department',
  'outpatient-surgery': 'Outpatient surgery',
  inpatient: 'Inpatient',
  'dme-supplier': 'DME supplier',
};

/** Where an encounter stands in the coder's day. */
export type EncounterStatus = 'to-do' | 'in-progress' | 'on-hold' | 'finished' | 'synced' | 'rejected';

export const STATUS_LABEL: Record<EncounterStatus, string> = {
  'to-do': 'To do',
  'in-progress': 'In progress',
  'on-hold': 'On hold',
  finished: 'Finished',
  synced: 'Synced',
  rejected: 'Rejected',
};

export interface Patient {
  /** Medical record number (invented in sample data). */
  mrn: string;
  name: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  sex: 'female' | 'male' | 'unknown';
}

export interface Provider {
  name: string;
  specialty: string;
  npi?: string;
}

/** One note of the encounter's documentation, as plain text with its own headings. */
export interface ClinicalDocument {
  id: string;
  /** "ED physician note", "Operative report", "Discharge summary". */
  title: string;
  author: string;
  /** YYYY-MM-DD. */
  date: string;
  text: string;
  /** Changes when the server sends a new version of the note (sync flags the change). */
  version: number;
  /**
   * `local`: added by the coder from a file on this computer (the billing server does not have
   * it, so evidence in it is sent as quoted text, not as a reference). Absent: from the worklist.
   */
  source?: 'local';
  /** A PDF as the coder added it; `text` holds its extracted text, for find and evidence. */
  pdf?: { name: string; bytes: Uint8Array };
}

/** The words of a note that support a code: a span of one document. */
export interface Evidence {
  documentId: string;
  /** Character offsets into the document's text, end exclusive. */
  start: number;
  end: number;
  /** The text as selected, kept so the link survives a changed document and reads in an audit. */
  text: string;
}

/** Present on admission, reported on inpatient claims (Y, N, U, W, or 1 for exempt codes). */
export type PresentOnAdmission = 'Y' | 'N' | 'U' | 'W' | '1';

export interface AssignedDiagnosis {
  /** Stable id, so pointers and evidence survive reordering. */
  id: string;
  /** ICD-10-CM, stored without the dot. */
  code: string;
  evidence: Evidence[];
  poa?: PresentOnAdmission;
}

export interface ProcedureLine {
  id: string;
  system: Extract<CodeSystem, 'cpt' | 'hcpcs' | 'icd10pcs'>;
  code: string;
  /** Up to 4 two-character modifiers, in order. */
  modifiers: string[];
  /** As entered: an edit reports anything that is not a positive integer. */
  units: number;
  /** Date the service was performed (YYYY-MM-DD). */
  date: string;
  /** Diagnosis ids in pointer order; shown as letters A-L by the diagnosis's position. */
  pointers: string[];
  evidence: Evidence[];
}

export interface EncounterCoding {
  /** First-listed (outpatient) or principal (inpatient) diagnosis first. */
  diagnoses: AssignedDiagnosis[];
  procedures: ProcedureLine[];
}

/** A warning the coder accepted, with who and when: kept with the revision for an audit. */
export interface Acknowledgement {
  /** The finding's key (see `EditFinding.key`). */
  key: string;
  message: string;
  by: string;
  at: string;
}

/** A question for the provider when the documentation does not support a code. */
export interface ProviderQuery {
  question: string;
  /** Who the question is for (the encounter's provider by default). */
  to: string;
  askedAt: string;
  askedBy: string;
  answer?: string;
  answeredAt?: string;
}

export interface DocumentAlert {
  documentId: string;
  title: string;
  fromVersion: number;
  toVersion: number;
  at: string;
}

export interface Hold {
  reason: string;
  at: string;
  by: string;
  query?: ProviderQuery;
}

export interface Encounter {
  /** Workstation- or server-assigned id, stable for the life of the encounter. */
  id: string;
  /** The visit as the schedule names it: "New patient office visit", "Laparoscopic cholecystectomy". */
  visit: string;
  patient: Patient;
  /** YYYY-MM-DD; for an inpatient stay, the admission date. */
  dateOfService: string;
  /** Inpatient only: the discharge date, which picks the ICD-10 release for the stay. */
  dischargeDate?: string;
  setting: CareSetting;
  provider: Provider;
  documents: ClinicalDocument[];
  status: EncounterStatus;
  /** The revision being worked on (1 until a finished encounter is reopened). */
  revision: number;
  coding: EncounterCoding;
  acknowledgements: Acknowledgement[];
  hold?: Hold;
  /**
   * Notes the billing server changed after the coder had started on the encounter: the coder
   * must re-read them (the codes may no longer be supported). Cleared when acknowledged.
   */
  documentAlerts?: DocumentAlert[];
  /** The server's reason when the last finished revision was rejected or in conflict. */
  syncReason?: string;
  /** The coder it is assigned to. */
  assignedTo: string;
  /** When it arrived on the worklist, for its age. */
  receivedAt: string;
  updatedAt: string;
}

/** A finished encounter frozen as it was sent; reopening makes the next number, never edits this. */
export interface EncounterRevision {
  encounterId: string;
  number: number;
  finishedAt: string;
  finishedBy: string;
  /** The whole encounter as finished (documents included, so the revision stands alone). */
  encounter: Encounter;
}

/** One line of the audit trail: who did what to which encounter and when. */
export interface AuditEvent {
  encounterId: string;
  at: string;
  by: string;
  action: string;
  detail: string;
}

/**
 * The date that picks the code-set release: the date of service, and for an inpatient stay the
 * discharge date (ICD-10 releases apply to inpatient stays by discharge).
 */
export function codeSetDate(encounter: Pick<Encounter, 'dateOfService' | 'dischargeDate' | 'setting'>): string {
  return encounter.setting === 'inpatient' && encounter.dischargeDate ? encounter.dischargeDate : encounter.dateOfService;
}

/** Age in whole years on a date (the MCE age edits use the age at admission/service). */
export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Diagnosis pointer letters A-L by position (a claim carries at most 12 diagnoses). */
export const POINTER_LETTERS = 'ABCDEFGHIJKL';
export const MAX_POINTERS_PER_LINE = 4;
export const MAX_MODIFIERS_PER_LINE = 4;

/** The letter of a diagnosis by its position, or null past L. */
export function pointerLetter(position: number): string | null {
  return position >= 0 && position < POINTER_LETTERS.length ? POINTER_LETTERS[position] : null;
}
