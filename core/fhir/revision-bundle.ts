import { displayCode, normalizeCodeInput } from '../codesets/code-display';
import type { CodeSystem } from '../codesets/types';
import { codeSetDate, type Acknowledgement, type AssignedDiagnosis, type EncounterCoding, type EncounterRevision, type Evidence, type PresentOnAdmission, type ProcedureLine } from '../coding/encounter';
import type { CodingReference } from '../coding/reference';
import { stableUuid } from './stable-uuid';
import { CLAIM_ENCOUNTER_EXTENSION, CODE_SYSTEM_URI, codeSystemOfUri, EXTENSION, NPI_SYSTEM, TERMINOLOGY, WORKSTATION_ID } from './systems';
import type { Bundle, BundleEntry, Claim, ClaimItem, ClaimProcedure, CodeableConcept, Condition, Extension, FhirEncounter, Provenance, ProvenanceEntity, Reference, Resource, Task } from './types';
import { codingTask, fhirEncounter, patientIdForMrn, practitionerReference, referencedId } from './worklist';

/**
 * A finished encounter revision as one FHIR `transaction` Bundle, and back. The bundle holds,
 * in this order: the coded `Encounter` (PUT), one `Condition` per diagnosis (POST), the `Claim`
 * (POST), the `Provenance` (POST) and the `Task` completed (PUT). Every created resource
 * carries a workstation identifier (`enc-0014/r1/dx-1`, `enc-0014/r1/claim`,
 * `enc-0014/r1/provenance`) and a conditional create on it, so a retried revision can never
 * become a second claim. The mapping is deterministic: the same revision gives byte-identical
 * JSON (fullUrls are UUIDs derived from the identifiers), which is what lets the server
 * recognise a replay by its hash.
 */

/** The code-set release of each code system the revision was coded with (`FY2027`, `2025-10`, `2026`). */
export type CodeSetVersions = Partial<Record<CodeSystem, string>>;

export interface RevisionBundleOptions {
  /** The coder's Practitioner id on the billing server (the Task's owner). */
  coder: string;
  /** Release versions per code system, written as each coding's `version`. */
  releases: CodeSetVersions;
  /** The Task to complete; the billing server gives a Task its Encounter's id, the default. */
  taskId?: string;
}

/** The workstation identifier of one part of a revision: `enc-0014/r2/claim`. */
export function revisionIdentifier(encounterId: string, revision: number, part: string): string {
  return `${encounterId}/r${revision}/${part}`;
}

/** `enc-0014/r2/claim` -> encounter and revision, or null for anything else. */
export function parseRevisionIdentifier(value: string | undefined): { encounterId: string; revision: number; part: string } | null {
  const m = value?.match(/^(.+)\/r(\d+)\/([^/]+)$/);
  return m ? { encounterId: m[1], revision: Number(m[2]), part: m[3] } : null;
}

/** The `ifNoneExist` of a conditional create on a workstation identifier. */
export function ifNoneExistFor(value: string): string {
  return `identifier=${WORKSTATION_ID}|${value}`;
}

const fullUrlOf = (identifier: string) => `urn:uuid:${stableUuid(identifier)}`;
const coding = (system: CodeSystem, code: string, version: string | undefined): CodeableConcept => ({
  coding: [version ? { system: CODE_SYSTEM_URI[system], version, code: displayCode(system, code) } : { system: CODE_SYSTEM_URI[system], code: displayCode(system, code) }],
});
/** CPT (AMA) modifiers are two digits; HCPCS Level II modifiers have a letter. */
const modifierSystem = (modifier: string): CodeSystem => (/^\d{2}$/.test(modifier) ? 'cpt' : 'hcpcs');

function lineExtension(id: string, position: number, more: Extension[] = []): Extension {
  return { url: EXTENSION.line, extension: [{ url: 'id', valueString: id }, { url: 'position', valueInteger: position }, ...more] };
}

function sub(ext: Extension | undefined, url: string): Extension[] {
  return ext?.extension?.filter((e) => e.url === url) ?? [];
}

/** Build the transaction Bundle of a finished revision. Throws when a pointer names no diagnosis (the edits block that before Finish). */
export function revisionToBundle(revision: EncounterRevision, opts: RevisionBundleOptions): Bundle {
  const enc = revision.encounter;
  const { encounterId, number } = revision;
  const id = (part: string) => revisionIdentifier(encounterId, number, part);
  const encounterRef: Reference = { reference: `Encounter/${enc.id}` };
  const patientRef: Reference = { reference: `Patient/${patientIdForMrn(enc.patient.mrn)}` };
  const coderRef = practitionerReference(opts.coder);
  const inpatient = enc.setting === 'inpatient';
  const versions = opts.releases;
  const documentVersion = new Map(enc.documents.map((d) => [d.id, d.version]));
  const localDocuments = new Map(enc.documents.filter((d) => d.source === 'local').map((d) => [d.id, d.title]));
  const documentRef = (ev: Evidence): Reference => {
    // A document the coder added from a local file is not on the server: the evidence goes as
    // quoted text naming the file, never as a reference the server cannot resolve.
    const local = localDocuments.get(ev.documentId);
    if (local !== undefined) return { display: `${local} (a document added on the workstation)` };
    const version = documentVersion.get(ev.documentId);
    return { reference: `DocumentReference/${ev.documentId}${version ? `/_history/${version}` : ''}` };
  };
  const spanExtension = (ev: Evidence, line?: string): Extension => ({
    url: EXTENSION.evidence,
    extension: [
      ...(line ? [{ url: 'line', valueString: line }] : []),
      { url: 'start', valueInteger: ev.start },
      { url: 'end', valueInteger: ev.end },
      { url: 'text', valueString: ev.text },
    ],
  });

  const sequenceOf = new Map(enc.coding.diagnoses.map((d, i) => [d.id, i + 1]));
  const pointerSequences = (line: ProcedureLine) =>
    line.pointers.map((p) => {
      const seq = sequenceOf.get(p);
      if (!seq) throw new Error(`${encounterId} revision ${number}: procedure line ${line.id} points at ${p}, which is not a diagnosis of the revision`);
      return seq;
    });

  const conditions = enc.coding.diagnoses.map((dx, i) => {
    const identifier = id(`dx-${i + 1}`);
    const extension: Extension[] = [lineExtension(dx.id, i)];
    if (inpatient && dx.poa) extension.push({ url: EXTENSION.presentOnAdmission, valueCode: dx.poa });
    const condition: Condition = {
      resourceType: 'Condition',
      extension,
      identifier: [{ system: WORKSTATION_ID, value: identifier }],
      verificationStatus: { coding: [{ system: TERMINOLOGY.conditionVerification, code: 'confirmed' }] },
      category: [{ coding: [{ system: TERMINOLOGY.conditionCategory, code: 'encounter-diagnosis' }] }],
      code: coding('icd10cm', dx.code, versions.icd10cm),
      subject: patientRef,
      encounter: encounterRef,
      recordedDate: revision.finishedAt,
      recorder: coderRef,
    };
    if (dx.evidence.length) condition.evidence = [{ detail: dx.evidence.map((ev) => ({ ...documentRef(ev), display: ev.text, extension: [spanExtension(ev)] })) }];
    return { identifier, fullUrl: fullUrlOf(identifier), condition };
  });

  const encounter: FhirEncounter = {
    ...fhirEncounter(enc),
    diagnosis: conditions.map((c, i) => ({ condition: { reference: c.fullUrl }, use: { coding: [{ system: TERMINOLOGY.diagnosisRole, code: 'billing' }] }, rank: i + 1 })),
  };

  const items: ClaimItem[] = [];
  const procedures: ClaimProcedure[] = [];
  enc.coding.procedures.forEach((line, position) => {
    if (line.system === 'icd10pcs') {
      // Claim.procedure has no modifiers, units or pointers: kept in the line extension so nothing the coder entered is lost.
      const more: Extension[] = [
        ...(line.units !== 1 ? [{ url: 'units', valueDecimal: line.units }] : []),
        ...line.modifiers.map((m) => ({ url: 'modifier', valueString: m })),
        ...pointerSequences(line).map((s) => ({ url: 'diagnosisSequence', valuePositiveInt: s })),
      ];
      const p: ClaimProcedure = { sequence: procedures.length + 1, extension: [lineExtension(line.id, position, more)], procedureCodeableConcept: coding('icd10pcs', line.code, versions.icd10pcs) };
      if (line.date) p.date = line.date;
      procedures.push(p);
      return;
    }
    const item: ClaimItem = { sequence: items.length + 1, extension: [lineExtension(line.id, position)], productOrService: coding(line.system, line.code, versions[line.system]) };
    const pointers = pointerSequences(line);
    if (pointers.length) item.diagnosisSequence = pointers;
    if (line.modifiers.length) item.modifier = line.modifiers.map((m) => ({ coding: [{ system: CODE_SYSTEM_URI[modifierSystem(m)], code: m }] }));
    if (line.date) item.servicedDate = line.date;
    item.quantity = { value: line.units };
    item.encounter = [encounterRef];
    items.push(item);
  });

  const claimIdentifier = id('claim');
  const provider: Reference = { display: enc.provider.name };
  if (enc.provider.npi) provider.identifier = { system: NPI_SYSTEM, value: enc.provider.npi };
  const claim: Claim = {
    resourceType: 'Claim',
    extension: [{ url: CLAIM_ENCOUNTER_EXTENSION, valueReference: encounterRef }],
    identifier: [{ system: WORKSTATION_ID, value: claimIdentifier }],
    status: 'active',
    type: { coding: [{ system: TERMINOLOGY.claimType, code: inpatient ? 'institutional' : 'professional' }] },
    use: 'claim',
    patient: patientRef,
    billablePeriod: { start: enc.dateOfService, end: (inpatient && enc.dischargeDate) || enc.dateOfService },
    created: revision.finishedAt,
    enterer: coderRef,
    provider,
    priority: { coding: [{ system: TERMINOLOGY.processPriority, code: 'normal' }] },
  };
  if (number > 1) {
    claim.related = [
      {
        claim: { identifier: { system: WORKSTATION_ID, value: revisionIdentifier(encounterId, number - 1, 'claim') } },
        relationship: { coding: [{ system: TERMINOLOGY.relatedClaimRelationship, code: 'prior' }] },
      },
    ];
  }
  // R4 requires insurance; coverage is the billing office's business, not the coder's.
  claim.insurance = [{ sequence: 1, focal: true, coverage: { display: 'Coverage on file with the billing office' } }];
  claim.diagnosis = conditions.map((c, i) => {
    const dx = enc.coding.diagnoses[i];
    const d: NonNullable<Claim['diagnosis']>[number] = { sequence: i + 1, diagnosisReference: { reference: c.fullUrl } };
    if (inpatient && i === 0) d.type = [{ coding: [{ system: TERMINOLOGY.diagnosisType, code: 'principal' }] }];
    // The official on-admission codes are y/n/u/w; exempt ("1") has none, and stays on the Condition.
    if (inpatient && dx.poa && dx.poa !== '1') d.onAdmission = { coding: [{ system: TERMINOLOGY.diagnosisOnAdmission, code: dx.poa.toLowerCase() }] };
    return d;
  });
  if (procedures.length) claim.procedure = procedures;
  if (items.length) claim.item = items;
  const claimFullUrl = fullUrlOf(claimIdentifier);

  const provenanceIdentifier = id('provenance');
  const entity: ProvenanceEntity[] = [];
  for (const line of [...enc.coding.diagnoses, ...enc.coding.procedures]) {
    for (const ev of line.evidence) entity.push({ role: 'source', what: { ...documentRef(ev), display: ev.text }, extension: [spanExtension(ev, line.id)] });
  }
  const agent: Provenance['agent'] = [{ type: { coding: [{ system: TERMINOLOGY.provenanceParticipant, code: 'author' }] }, who: coderRef }];
  if (revision.finishedBy !== opts.coder) agent.push({ type: { coding: [{ system: TERMINOLOGY.provenanceParticipant, code: 'enterer' }] }, who: { display: revision.finishedBy } });
  const provenance: Provenance = {
    resourceType: 'Provenance',
    identifier: [{ system: WORKSTATION_ID, value: provenanceIdentifier }],
    target: [encounterRef, ...conditions.map((c) => ({ reference: c.fullUrl })), { reference: claimFullUrl }],
    occurredDateTime: revision.finishedAt,
    recorded: revision.finishedAt,
    agent,
  };
  if (entity.length) provenance.entity = entity;
  if (enc.acknowledgements.length) {
    provenance.extension = enc.acknowledgements.map((a) => ({
      url: EXTENSION.acknowledgement,
      extension: [
        { url: 'key', valueString: a.key },
        { url: 'message', valueString: a.message },
        { url: 'by', valueString: a.by },
        { url: 'at', valueDateTime: a.at },
      ],
    }));
  }

  const task: Task = {
    ...codingTask({ ...enc, assignedTo: opts.coder }, 'completed', revision.finishedAt),
    id: opts.taskId ?? enc.id,
    output: [{ type: { text: 'Claim' }, valueReference: { reference: claimFullUrl } }],
  };

  const create = (identifier: string, fullUrl: string, resource: Resource): BundleEntry => ({
    fullUrl,
    resource,
    request: { method: 'POST', url: resource.resourceType, ifNoneExist: ifNoneExistFor(identifier) },
  });
  return {
    resourceType: 'Bundle',
    identifier: { system: WORKSTATION_ID, value: revisionIdentifier(encounterId, number, 'bundle') },
    type: 'transaction',
    entry: [
      { resource: encounter, request: { method: 'PUT', url: `Encounter/${enc.id}` } },
      ...conditions.map((c) => create(c.identifier, c.fullUrl, c.condition)),
      create(claimIdentifier, claimFullUrl, claim),
      create(provenanceIdentifier, fullUrlOf(provenanceIdentifier), provenance),
      { resource: task, request: { method: 'PUT', url: `Task/${task.id}` } },
    ],
  };
}

/** What a revision bundle says about the revision: its coding and its record of who, when and which warnings. */
export interface BundledRevision {
  encounterId: string;
  number: number;
  taskId: string;
  finishedAt: string;
  finishedBy: string;
  coding: EncounterCoding;
  acknowledgements: Acknowledgement[];
  /** Release versions found on the codings. */
  releases: CodeSetVersions;
  /** `enc-0014/r2/claim`. */
  claimIdentifier: string;
  /** The earlier claim this one replaces (`Claim.related`), for revisions after the first. */
  replaces?: string;
}

/** A revision bundle the mapping cannot read; `expression` is the FHIRPath of the problem. */
export class RevisionBundleError extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(`${expression}: ${message}`);
    this.name = 'RevisionBundleError';
  }
}

/** Read a revision bundle back into the coding it carries (the inverse of `revisionToBundle`). */
export function bundleToRevision(bundle: Bundle): BundledRevision {
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'transaction') throw new RevisionBundleError('Bundle', 'expected a transaction Bundle');
  const entries = bundle.entry ?? [];
  const only = <R extends Resource>(type: string): { resource: R; index: number } => {
    const found = entries.flatMap((e, index) => (e.resource?.resourceType === type ? [{ resource: e.resource as R, index }] : []));
    if (found.length !== 1) throw new RevisionBundleError('Bundle.entry', `expected one ${type}, found ${found.length}`);
    return found[0];
  };
  const claimAt = only<Claim>('Claim');
  const claim = claimAt.resource;
  const provenance = only<Provenance>('Provenance').resource;
  const task = only<Task>('Task').resource;
  const claimIdentifier = claim.identifier?.find((i) => i.system === WORKSTATION_ID)?.value;
  const parsed = parseRevisionIdentifier(claimIdentifier);
  if (!parsed || parsed.part !== 'claim') throw new RevisionBundleError(`Bundle.entry[${claimAt.index}].resource.identifier`, `no workstation claim identifier (${WORKSTATION_ID}, enc-…/rN/claim)`);
  const byFullUrl = new Map(entries.filter((e) => e.fullUrl).map((e) => [e.fullUrl!, e.resource]));

  // Evidence: the Provenance's spans, each naming its line.
  const evidenceOf = new Map<string, Evidence[]>();
  for (const e of provenance.entity ?? []) {
    const span = e.extension?.find((x) => x.url === EXTENSION.evidence);
    const line = sub(span, 'line')[0]?.valueString;
    const documentId = referencedId(e.what, 'DocumentReference');
    if (!span || !line || !documentId) continue;
    evidenceOf.set(line, [
      ...(evidenceOf.get(line) ?? []),
      { documentId, start: sub(span, 'start')[0]?.valueInteger ?? 0, end: sub(span, 'end')[0]?.valueInteger ?? 0, text: sub(span, 'text')[0]?.valueString ?? e.what.display ?? '' },
    ]);
  }
  const lineOf = (extension: Extension[] | undefined) => extension?.find((x) => x.url === EXTENSION.line);
  const releases: CodeSetVersions = {};
  const codeOf = (concept: CodeableConcept | undefined, where: string): { system: CodeSystem; code: string } => {
    const c = concept?.coding?.[0];
    const system = codeSystemOfUri(c?.system);
    if (!system || !c?.code) throw new RevisionBundleError(where, `no code of a code system the workstation knows (${c?.system ?? 'none'})`);
    if (c.version) releases[system] ??= c.version;
    return { system, code: normalizeCodeInput(c.code) };
  };

  const diagnoses: AssignedDiagnosis[] = [];
  const idBySequence = new Map<number, string>();
  [...(claim.diagnosis ?? [])]
    .sort((a, b) => a.sequence - b.sequence)
    .forEach((d, i) => {
      const where = `Bundle.entry[${claimAt.index}].resource.diagnosis[${i}]`;
      const condition = d.diagnosisReference?.reference ? (byFullUrl.get(d.diagnosisReference.reference) as Condition | undefined) : undefined;
      if (!condition) throw new RevisionBundleError(`${where}.diagnosisReference`, 'does not name a Condition of the bundle');
      const line = lineOf(condition.extension);
      const id = sub(line, 'id')[0]?.valueString ?? `dx${d.sequence}`;
      const dx: AssignedDiagnosis = { id, code: codeOf(condition.code, `${where}.diagnosisReference`).code, evidence: evidenceOf.get(id) ?? [] };
      const poa = condition.extension?.find((x) => x.url === EXTENSION.presentOnAdmission)?.valueCode;
      if (poa) dx.poa = poa as PresentOnAdmission;
      idBySequence.set(d.sequence, id);
      diagnoses.push(dx);
    });
  const pointers = (sequences: number[], where: string) =>
    sequences.map((s) => {
      const id = idBySequence.get(s);
      if (!id) throw new RevisionBundleError(where, `diagnosisSequence ${s} names no diagnosis of the claim`);
      return id;
    });

  const lines: { position: number; line: ProcedureLine }[] = [];
  (claim.item ?? []).forEach((item, i) => {
    const where = `Bundle.entry[${claimAt.index}].resource.item[${i}]`;
    const ext = lineOf(item.extension);
    const { system, code } = codeOf(item.productOrService, `${where}.productOrService`);
    const id = sub(ext, 'id')[0]?.valueString ?? `line${i + 1}`;
    lines.push({
      position: sub(ext, 'position')[0]?.valueInteger ?? i,
      line: {
        id,
        system: system as ProcedureLine['system'],
        code,
        modifiers: (item.modifier ?? []).map((m) => m.coding?.[0]?.code ?? ''),
        units: item.quantity?.value ?? 1,
        date: item.servicedDate ?? '',
        pointers: pointers(item.diagnosisSequence ?? [], `${where}.diagnosisSequence`),
        evidence: evidenceOf.get(id) ?? [],
      },
    });
  });
  (claim.procedure ?? []).forEach((p, i) => {
    const where = `Bundle.entry[${claimAt.index}].resource.procedure[${i}]`;
    const ext = lineOf(p.extension);
    const { code } = codeOf(p.procedureCodeableConcept, `${where}.procedureCodeableConcept`);
    const id = sub(ext, 'id')[0]?.valueString ?? `pcs${i + 1}`;
    lines.push({
      // Without positions, ICD-10-PCS lines follow the CPT/HCPCS ones.
      position: sub(ext, 'position')[0]?.valueInteger ?? (claim.item?.length ?? 0) + i,
      line: {
        id,
        system: 'icd10pcs',
        code,
        modifiers: sub(ext, 'modifier').map((m) => m.valueString ?? ''),
        units: sub(ext, 'units')[0]?.valueDecimal ?? 1,
        date: p.date?.slice(0, 10) ?? '',
        pointers: pointers(
          sub(ext, 'diagnosisSequence').map((s) => s.valuePositiveInt ?? 0),
          `${where}.extension`,
        ),
        evidence: evidenceOf.get(id) ?? [],
      },
    });
  });
  lines.sort((a, b) => a.position - b.position);

  const acknowledgements: Acknowledgement[] = (provenance.extension ?? [])
    .filter((x) => x.url === EXTENSION.acknowledgement)
    .map((x) => ({ key: sub(x, 'key')[0]?.valueString ?? '', message: sub(x, 'message')[0]?.valueString ?? '', by: sub(x, 'by')[0]?.valueString ?? '', at: sub(x, 'at')[0]?.valueDateTime ?? '' }));
  const author = provenance.agent?.find((a) => a.type?.coding?.[0]?.code === 'author');
  const enterer = provenance.agent?.find((a) => a.type?.coding?.[0]?.code === 'enterer');
  const out: BundledRevision = {
    encounterId: parsed.encounterId,
    number: parsed.revision,
    taskId: task.id ?? '',
    finishedAt: provenance.recorded,
    finishedBy: enterer?.who.display ?? referencedId(author?.who, 'Practitioner') ?? '',
    coding: { diagnoses, procedures: lines.map((l) => l.line) },
    acknowledgements,
    releases,
    claimIdentifier: claimIdentifier!,
  };
  const replaces = claim.related?.find((r) => r.claim?.identifier?.system === WORKSTATION_ID)?.claim?.identifier?.value;
  if (replaces) out.replaces = replaces;
  return out;
}

/**
 * The release of each code system in effect for the revision's codes, as the edits looked
 * them up: ICD-10-CM and ICD-10-PCS on the code-set date (discharge for a stay), CPT and
 * HCPCS on each line's date. A system with no installed release for the date is left out.
 */
export function releaseVersions(revision: Pick<EncounterRevision, 'encounter'>, reference: CodingReference): CodeSetVersions {
  const enc = revision.encounter;
  const date = codeSetDate(enc);
  const out: CodeSetVersions = {};
  const note = (system: CodeSystem, code: string, on: string) => {
    if (out[system]) return;
    const found = reference.codeOnDate(system, code, on);
    if (found.status !== 'no-release') out[system] = found.release.version;
  };
  for (const dx of enc.coding.diagnoses) note('icd10cm', dx.code, date);
  for (const line of enc.coding.procedures) note(line.system, line.code, line.system === 'icd10pcs' ? date : line.date || enc.dateOfService);
  return out;
}
