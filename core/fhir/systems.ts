import type { CodeSystem } from '../codesets/types';
import type { CareSetting } from '../coding/encounter';

/**
 * The URIs both sides agree on: official code systems by their HL7 names, and the
 * workstation's own identifiers and extensions under `urn:coder-workstation:`. A server that
 * does not know an extension keeps it (FHIR's rule); nothing outside this project has to
 * understand them to read the claim.
 */

/** Official code system URIs (HL7 terminology: "Using ICD-10-CM / CPT / HCPCS / ICD-10-PCS in FHIR"). */
export const CODE_SYSTEM_URI: Record<CodeSystem, string> = {
  icd10cm: 'http://hl7.org/fhir/sid/icd-10-cm',
  icd10pcs: 'http://www.cms.gov/Medicare/Coding/ICD10',
  cpt: 'http://www.ama-assn.org/go/cpt',
  hcpcs: 'urn:oid:2.16.840.1.113883.6.285',
};

/** The code system a URI names, or null for one the workstation does not code from. */
export function codeSystemOfUri(uri: string | undefined): CodeSystem | null {
  for (const [system, u] of Object.entries(CODE_SYSTEM_URI)) if (u === uri) return system as CodeSystem;
  return null;
}

/** Identifier system of every resource the workstation creates (`enc-0014/r1/claim`). */
export const WORKSTATION_ID = 'urn:coder-workstation:id';
/** Patients' medical record numbers. */
export const MRN_SYSTEM = 'urn:coder-workstation:mrn';
/** Provider NPIs (the official HL7 identifier system). */
export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
/** The encounter's care setting, which FHIR's `Encounter.class` alone cannot tell apart (office and outpatient surgery are both AMB). */
export const CARE_SETTING_SYSTEM = 'urn:coder-workstation:care-setting';

const EXT = 'urn:coder-workstation:ext:';
/** Extension URLs: what a coder records that FHIR R4 has no element for. */
export const EXTENSION = {
  /** Condition: present on admission (Y, N, U, W, or 1 for exempt), inpatient only. valueCode. */
  presentOnAdmission: `${EXT}present-on-admission`,
  /** Condition, Claim.item, Claim.procedure: the workstation's own line (complex: `id` valueString, `position` valueInteger). */
  line: `${EXT}line`,
  /** Claim.procedure: what an ICD-10-PCS line carries that `Claim.procedure` has no element for (complex: `units`, `modifier`, `diagnosisSequence`). */
  procedureLine: `${EXT}procedure-line`,
  /** Evidence: a span of a note (complex: `line` valueString, `start`/`end` valueInteger, `text` valueString). */
  evidence: `${EXT}evidence`,
  /** Provenance: a warning the coder acknowledged (complex: `key`, `message`, `by` valueString, `at` valueDateTime). */
  acknowledgement: `${EXT}acknowledgement`,
  /** Encounter.participant: the provider's specialty. valueString. */
  providerSpecialty: `${EXT}provider-specialty`,
  /** Claim: the code-set release of each system the claim was coded with (complex: one valueString per system name). */
  releases: `${EXT}releases`,
} as const;

/** R5's `Claim.encounter` as the official cross-version extension: an inpatient claim may have no items to carry `item.encounter`. */
export const CLAIM_ENCOUNTER_EXTENSION = 'http://hl7.org/fhir/5.0/StructureDefinition/extension-Claim.encounter';

export const TERMINOLOGY = {
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  participationType: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  claimType: 'http://terminology.hl7.org/CodeSystem/claim-type',
  processPriority: 'http://terminology.hl7.org/CodeSystem/processpriority',
  relatedClaimRelationship: 'http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship',
  diagnosisType: 'http://terminology.hl7.org/CodeSystem/ex-diagnosistype',
  diagnosisOnAdmission: 'http://terminology.hl7.org/CodeSystem/ex-diagnosis-on-admission',
  provenanceParticipant: 'http://terminology.hl7.org/CodeSystem/provenance-participant-type',
  diagnosisRole: 'http://terminology.hl7.org/CodeSystem/diagnosis-role',
} as const;

/** `Encounter.class` per care setting (HL7 v3 ActCode): the closest official class; the setting itself travels in `Encounter.type`. */
export const ENCOUNTER_CLASS: Record<CareSetting, string> = {
  office: 'AMB',
  emergency: 'EMER',
  'outpatient-surgery': 'AMB',
  inpatient: 'IMP',
  'dme-supplier': 'AMB',
};

/** The media type of notes: plain UTF-8 text, as the provider wrote it. */
export const NOTE_CONTENT_TYPE = 'text/plain; charset=utf-8';
