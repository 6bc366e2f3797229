import type { AssignedDiagnosis, CareSetting, Encounter, PresentOnAdmission, ProcedureLine } from '../../../core/coding/encounter';

/** One diagnosis: its code, or the code with a POA (`poa: undefined` leaves it unreported). */
export type DxSpec = string | { code: string; poa?: PresentOnAdmission };

export interface LineSpec {
  code: string;
  /** Default: ICD-10-PCS for 7 characters, CPT for 5 digits (or 4 + F/T/U), otherwise HCPCS. */
  system?: ProcedureLine['system'];
  units?: number;
  modifiers?: string[];
  /** Letters A-L point by position; anything else is taken as a diagnosis id. Default: ['A'] (none for PCS). */
  pointers?: string[];
  /** Default: the encounter's date of service. */
  date?: string;
}

export interface EncounterSpec {
  setting?: CareSetting;
  /** Date of service (admission date for a stay). Default 2026-05-01. */
  date?: string;
  discharge?: string;
  birthDate?: string;
  sex?: 'female' | 'male' | 'unknown';
  dx?: DxSpec[];
  lines?: LineSpec[];
}

function systemOf(code: string): ProcedureLine['system'] {
  if (code.length === 7) return 'icd10pcs';
  if (/^(\d{5}|\d{4}[FTU])$/.test(code)) return 'cpt';
  return 'hcpcs';
}

/**
 * A small encounter for edit tests: an office visit on 2026-05-01 for a 50-year-old, with the
 * given diagnoses (ids dx1, dx2, ...) and lines (ids line1, ...). Inpatient diagnoses default
 * to POA Y, so only the edit under test fires.
 */
export function encounter(spec: EncounterSpec = {}): Encounter {
  const setting = spec.setting ?? 'office';
  const date = spec.date ?? '2026-05-01';
  const diagnoses: AssignedDiagnosis[] = (spec.dx ?? []).map((d, i) => {
    const dx: AssignedDiagnosis = { id: `dx${i + 1}`, code: typeof d === 'string' ? d : d.code, evidence: [] };
    if (typeof d !== 'string' && 'poa' in d) {
      if (d.poa) dx.poa = d.poa;
    } else if (setting === 'inpatient') dx.poa = 'Y';
    return dx;
  });
  const idFor = (pointer: string) => (/^[A-L]$/.test(pointer) ? (diagnoses[pointer.charCodeAt(0) - 65]?.id ?? `dx${pointer.charCodeAt(0) - 64}`) : pointer);
  const procedures: ProcedureLine[] = (spec.lines ?? []).map((l, i) => {
    const system = l.system ?? systemOf(l.code);
    return {
      id: `line${i + 1}`,
      system,
      code: l.code,
      modifiers: l.modifiers ?? [],
      units: l.units ?? 1,
      date: l.date ?? date,
      pointers: (l.pointers ?? (system === 'icd10pcs' || diagnoses.length === 0 ? [] : ['A'])).map(idFor),
      evidence: [],
    };
  });
  const result: Encounter = {
    id: 'enc-test',
    visit: 'Test visit',
    patient: { mrn: 'T0001', name: 'Test Patient', birthDate: spec.birthDate ?? '1976-03-15', sex: spec.sex ?? 'female' },
    dateOfService: date,
    setting,
    provider: { name: 'Test Provider', specialty: 'Internal medicine' },
    documents: [],
    status: 'in-progress',
    revision: 1,
    coding: { diagnoses, procedures },
    acknowledgements: [],
    assignedTo: 'coder',
    receivedAt: '2026-05-01T08:00:00Z',
    updatedAt: '2026-05-01T08:00:00Z',
  };
  if (spec.discharge) result.dischargeDate = spec.discharge;
  return result;
}
