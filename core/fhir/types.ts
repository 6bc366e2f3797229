/**
 * The FHIR R4 (4.0.1) shapes the workstation and the billing server exchange, written by hand
 * and kept to the elements this project uses: a full FHIR model would be thousands of types for
 * a dozen resources. Optional everywhere FHIR makes an element optional; unknown elements a
 * server adds are kept as they are (index signature on `Resource`), never dropped by a mapper.
 */

export interface Meta {
  versionId?: string;
  /** FHIR instant: `2026-10-01T12:00:00.000Z`. */
  lastUpdated?: string;
}

export interface Extension {
  url: string;
  valueString?: string;
  valueCode?: string;
  valueInteger?: number;
  valueDecimal?: number;
  valuePositiveInt?: number;
  valueDateTime?: string;
  valueReference?: Reference;
  extension?: Extension[];
}

export interface Coding {
  system?: string;
  version?: string;
  code?: string;
  display?: string;
}

export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

export interface Identifier {
  system?: string;
  value?: string;
  type?: CodeableConcept;
}

/** A literal reference (`Encounter/enc-0014`, `urn:uuid:…`), a logical one (identifier), or a display only. */
export interface Reference {
  reference?: string;
  identifier?: Identifier;
  display?: string;
  extension?: Extension[];
}

export interface Period {
  start?: string;
  end?: string;
}

export interface Quantity {
  value?: number;
}

export interface Attachment {
  contentType?: string;
  /** Base64 of the bytes (UTF-8 text for notes). */
  data?: string;
  title?: string;
  /** Date the note was written (FHIR dateTime: a date alone is allowed). */
  creation?: string;
}

export interface HumanName {
  text?: string;
}

/** Any resource: the elements every resource has, and room for what a server adds. */
export interface Resource {
  resourceType: string;
  id?: string;
  meta?: Meta;
  extension?: Extension[];
  [element: string]: unknown;
}

export interface Patient extends Resource {
  resourceType: 'Patient';
  identifier?: Identifier[];
  name?: HumanName[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  birthDate?: string;
}

export interface Practitioner extends Resource {
  resourceType: 'Practitioner';
  identifier?: Identifier[];
  name?: HumanName[];
}

export interface EncounterParticipant {
  type?: CodeableConcept[];
  individual?: Reference;
  extension?: Extension[];
}

export interface EncounterDiagnosis {
  condition: Reference;
  use?: CodeableConcept;
  rank?: number;
}

export interface FhirEncounter extends Resource {
  resourceType: 'Encounter';
  identifier?: Identifier[];
  status: string;
  class: Coding;
  type?: CodeableConcept[];
  subject?: Reference;
  participant?: EncounterParticipant[];
  period?: Period;
  diagnosis?: EncounterDiagnosis[];
}

export interface DocumentReference extends Resource {
  resourceType: 'DocumentReference';
  identifier?: Identifier[];
  status: 'current' | 'superseded' | 'entered-in-error';
  docStatus?: string;
  type?: CodeableConcept;
  subject?: Reference;
  author?: Reference[];
  description?: string;
  content: { attachment: Attachment }[];
  context?: { encounter?: Reference[] };
}

export interface Task extends Resource {
  resourceType: 'Task';
  identifier?: Identifier[];
  status: string;
  intent: string;
  code?: CodeableConcept;
  description?: string;
  focus?: Reference;
  for?: Reference;
  authoredOn?: string;
  lastModified?: string;
  owner?: Reference;
  output?: { type: CodeableConcept; valueReference?: Reference }[];
}

export interface ConditionEvidence {
  code?: CodeableConcept[];
  detail?: Reference[];
}

export interface Condition extends Resource {
  resourceType: 'Condition';
  identifier?: Identifier[];
  verificationStatus?: CodeableConcept;
  category?: CodeableConcept[];
  code?: CodeableConcept;
  subject?: Reference;
  encounter?: Reference;
  recordedDate?: string;
  recorder?: Reference;
  evidence?: ConditionEvidence[];
}

export interface ClaimDiagnosis {
  sequence: number;
  diagnosisReference?: Reference;
  diagnosisCodeableConcept?: CodeableConcept;
  type?: CodeableConcept[];
  onAdmission?: CodeableConcept;
}

export interface ClaimProcedure {
  sequence: number;
  date?: string;
  procedureCodeableConcept?: CodeableConcept;
  extension?: Extension[];
}

export interface ClaimItem {
  sequence: number;
  diagnosisSequence?: number[];
  productOrService?: CodeableConcept;
  modifier?: CodeableConcept[];
  servicedDate?: string;
  quantity?: Quantity;
  encounter?: Reference[];
  extension?: Extension[];
}

export interface ClaimRelated {
  claim?: Reference;
  relationship?: CodeableConcept;
}

export interface Claim extends Resource {
  resourceType: 'Claim';
  identifier?: Identifier[];
  status: 'active' | 'cancelled' | 'draft' | 'entered-in-error';
  type?: CodeableConcept;
  use?: string;
  patient?: Reference;
  billablePeriod?: Period;
  created?: string;
  enterer?: Reference;
  provider?: Reference;
  priority?: CodeableConcept;
  related?: ClaimRelated[];
  insurance?: { sequence: number; focal: boolean; coverage: Reference }[];
  diagnosis?: ClaimDiagnosis[];
  procedure?: ClaimProcedure[];
  item?: ClaimItem[];
}

export interface ProvenanceEntity {
  role: string;
  what: Reference;
  extension?: Extension[];
}

export interface Provenance extends Resource {
  resourceType: 'Provenance';
  identifier?: Identifier[];
  target: Reference[];
  occurredDateTime?: string;
  recorded: string;
  agent: { type?: CodeableConcept; who: Reference }[];
  entity?: ProvenanceEntity[];
}

export interface OperationOutcomeIssue {
  severity: 'fatal' | 'error' | 'warning' | 'information';
  /** FHIR issue type: `invalid`, `structure`, `required`, `value`, `code-invalid`, `not-found`, `login`, `forbidden`, `conflict`… */
  code: string;
  diagnostics?: string;
  /** FHIRPath of the element, e.g. `Bundle.entry[3].resource.code.coding[0].code`. */
  expression?: string[];
}

export interface OperationOutcome extends Resource {
  resourceType: 'OperationOutcome';
  issue: OperationOutcomeIssue[];
}

export interface BundleRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD';
  url: string;
  ifNoneExist?: string;
  ifMatch?: string;
}

export interface BundleResponse {
  status: string;
  location?: string;
  etag?: string;
  lastModified?: string;
  outcome?: OperationOutcome;
}

export interface BundleEntry<R extends Resource = Resource> {
  fullUrl?: string;
  resource?: R;
  request?: BundleRequest;
  response?: BundleResponse;
  search?: { mode: 'match' | 'include' | 'outcome' };
}

export interface Bundle<R extends Resource = Resource> extends Resource {
  resourceType: 'Bundle';
  identifier?: Identifier;
  type: 'transaction' | 'transaction-response' | 'searchset' | 'batch' | 'batch-response' | 'history' | 'collection' | 'document' | 'message';
  total?: number;
  link?: { relation: string; url: string }[];
  entry?: BundleEntry<R>[];
}

/** The resources a worklist pull and a revision push carry. */
export type WorkstationResource = Patient | Practitioner | FhirEncounter | DocumentReference | Task | Condition | Claim | Provenance;
