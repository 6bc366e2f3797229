import { displayCode, normalizeCodeInput, SYSTEM_LABEL } from '../core/codesets/code-display';
import type { CodeSystem } from '../core/codesets/types';
import type { CodingReference } from '../core/coding/reference';
import { issue } from '../core/fhir/operation-outcome';
import { ifNoneExistFor, parseRevisionIdentifier } from '../core/fhir/revision-bundle';
import { CARE_SETTING_SYSTEM, CLAIM_ENCOUNTER_EXTENSION, CODE_SYSTEM_URI, codeSystemOfUri, WORKSTATION_ID } from '../core/fhir/systems';
import type { Claim, Coding, Condition, DocumentReference, FhirEncounter, OperationOutcomeIssue, Reference, Resource, Task } from '../core/fhir/types';
import { referenceKey, type ResourceStore } from './store';

/**
 * Everything the server checks before it stores a revision bundle, gathered in one pass so
 * the OperationOutcome names every problem (with its FHIRPath), not the first: the shape of
 * the bundle, each entry's type and request, the workstation identifiers and conditional
 * creates, that every reference resolves (inside the bundle or to a stored resource) and
 * belongs to this encounter, that the Task is the coder's, and that every code is valid in
 * the release in effect on its date, exactly as the workstation's edits decide it.
 */

/** One entry as it will be applied. */
export interface PlannedEntry {
  index: number;
  method: 'POST' | 'PUT';
  type: string;
  /** PUT: the id in the request URL. */
  id?: string;
  fullUrl?: string;
  /** POST: the workstation identifier (`enc-0014/r1/claim`). */
  identifier?: string;
  resource: Resource;
}

export interface ValidBundle {
  entries: PlannedEntry[];
  encounterId: string;
  revision: number;
  claimIdentifier: string;
  /** `Claim.related`: the earlier claim this one replaces. */
  replaces?: string;
  /** What the server could not check (CPT without a licensed file), reported on the Claim's response. */
  warnings: OperationOutcomeIssue[];
}

export type Validation = { ok: true; bundle: ValidBundle } | { ok: false; status: 400 | 403 | 422; issues: OperationOutcomeIssue[] };

export interface ValidationContext {
  store: ResourceStore;
  reference: CodingReference;
  /** The Practitioner id of the token's coder. */
  coder: string;
  /** The server's base URL, so absolute references to it resolve. */
  baseUrl: string;
}

/** What a revision bundle may contain, and how each is sent. */
const ENTRY_METHOD: Record<string, 'POST' | 'PUT'> = { Encounter: 'PUT', Condition: 'POST', Claim: 'POST', Provenance: 'POST', Task: 'PUT' };
/** How many of each a revision bundle holds (Conditions: at least one; an inpatient claim may carry 25). */
const ENTRY_COUNT: Record<string, [min: number, max: number]> = { Encounter: [1, 1], Condition: [1, Infinity], Claim: [1, 1], Provenance: [1, 1], Task: [1, 1] };
const RESOURCE_TYPES = new Set(['Patient', 'Practitioner', 'Encounter', 'DocumentReference', 'Task', 'Condition', 'Claim', 'Provenance']);
const UUID_URN = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LITERAL = /^([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/([A-Za-z0-9.-]{1,64}))?$/;
/** CPT code forms (Category I five digits; II, III and PLA four digits and a letter), checked when no CPT release is installed. */
const CPT_FORM = /^(\d{5}|\d{4}[FTU])$/;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function validateRevisionBundle(body: unknown, ctx: ValidationContext): Validation {
  if (!isObject(body) || body.resourceType !== 'Bundle') {
    return { ok: false, status: 400, issues: [issue('structure', `expected a FHIR Bundle, got ${isObject(body) ? `resourceType ${JSON.stringify(body.resourceType)}` : Array.isArray(body) ? 'a JSON array' : `a JSON ${typeof body}`}`, 'Bundle')] };
  }
  const issues: OperationOutcomeIssue[] = [];
  const warnings: OperationOutcomeIssue[] = [];
  if (body.type !== 'transaction') issues.push(issue('value', `a revision is sent as a transaction Bundle, not ${JSON.stringify(body.type)}`, 'Bundle.type'));
  const rawEntries = body.entry;
  if (!Array.isArray(rawEntries) || rawEntries.length === 0) {
    issues.push(issue('required', 'the Bundle has no entries', 'Bundle.entry'));
    return { ok: false, status: 422, issues };
  }

  // 1. Each entry: a resource of an accepted type, sent the right way, with its identifier.
  const entries: PlannedEntry[] = [];
  const fullUrls = new Map<string, PlannedEntry>();
  const identifiers = new Map<string, number>();
  rawEntries.forEach((raw: unknown, index) => {
    const at = `Bundle.entry[${index}]`;
    if (!isObject(raw) || !isObject(raw.resource)) {
      issues.push(issue('required', 'an entry without a resource', `${at}.resource`));
      return;
    }
    const resource = raw.resource as Resource;
    const type = resource.resourceType;
    const expected = typeof type === 'string' ? ENTRY_METHOD[type] : undefined;
    if (!expected) {
      issues.push(issue('not-supported', `${typeof type === 'string' ? type : 'a resource without a resourceType'} is not part of a revision bundle: expected Encounter, Condition, Claim, Provenance or Task`, `${at}.resource.resourceType`));
      return;
    }
    const request = isObject(raw.request) ? raw.request : null;
    if (!request) {
      issues.push(issue('required', 'an entry of a transaction needs a request (method and url)', `${at}.request`));
      return;
    }
    if (request.method !== expected) issues.push(issue('value', `a ${type} is sent with ${expected}, not ${JSON.stringify(request.method)}`, `${at}.request.method`));
    const entry: PlannedEntry = { index, method: expected, type, resource };
    const fullUrl = raw.fullUrl;
    if (fullUrl !== undefined) {
      if (typeof fullUrl !== 'string' || !(UUID_URN.test(fullUrl) || fullUrl.endsWith(`/${type}/${resource.id}`))) issues.push(issue('value', `fullUrl ${JSON.stringify(fullUrl)} is neither a urn:uuid nor the resource's own URL`, `${at}.fullUrl`));
      else if (fullUrls.has(fullUrl)) issues.push(issue('duplicate', `fullUrl ${fullUrl} is used by entry ${fullUrls.get(fullUrl)!.index} too`, `${at}.fullUrl`));
      else {
        entry.fullUrl = fullUrl;
        fullUrls.set(fullUrl, entry);
      }
    }
    if (expected === 'PUT') {
      const m = typeof request.url === 'string' ? request.url.match(new RegExp(`^${type}/([A-Za-z0-9.-]{1,64})$`)) : null;
      if (!m) issues.push(issue('value', `a ${type} is updated with PUT ${type}/<id>, not ${JSON.stringify(request.url)}`, `${at}.request.url`));
      else if (resource.id !== m[1]) issues.push(issue('value', `the resource id ${JSON.stringify(resource.id)} is not the id in the request URL (${m[1]})`, `${at}.resource.id`));
      else entry.id = m[1];
    } else {
      if (request.url !== type) issues.push(issue('value', `a ${type} is created with POST ${type}, not ${JSON.stringify(request.url)}`, `${at}.request.url`));
      const ids = Array.isArray(resource.identifier) ? (resource.identifier as { system?: unknown; value?: unknown }[]) : [];
      const mine = ids.findIndex((i) => isObject(i) && i.system === WORKSTATION_ID);
      const value = mine >= 0 ? ids[mine].value : undefined;
      if (typeof value !== 'string' || !value) issues.push(issue('required', `every created resource carries a workstation identifier (system ${WORKSTATION_ID})`, `${at}.resource.identifier`));
      else {
        entry.identifier = value;
        if (identifiers.has(value)) issues.push(issue('duplicate', `identifier ${value} is used by entry ${identifiers.get(value)} too`, `${at}.resource.identifier[${mine}].value`));
        identifiers.set(value, index);
        if (request.ifNoneExist !== ifNoneExistFor(value)) issues.push(issue('value', `a create is conditional on its identifier: ifNoneExist must be "${ifNoneExistFor(value)}"`, `${at}.request.ifNoneExist`));
      }
    }
    entries.push(entry);
  });
  for (const [type, [min, max]] of Object.entries(ENTRY_COUNT)) {
    const n = entries.filter((e) => e.type === type).length;
    if (n < min || n > max) issues.push(issue('structure', `a revision bundle holds ${min === max ? 'one' : 'at least one'} ${type}, this one ${n}`, 'Bundle.entry'));
  }

  const encounterEntry = entries.find((e) => e.type === 'Encounter');
  const taskEntry = entries.find((e) => e.type === 'Task');
  const claimEntry = entries.find((e) => e.type === 'Claim');
  const encounterId = encounterEntry?.id;

  // 2. The Task: the coder's own, or nothing else matters (403).
  if (taskEntry?.id) {
    const stored = ctx.store.get<Task>('Task', taskEntry.id);
    const mine = `Practitioner/${ctx.coder}`;
    if (stored && referenceKey(stored.owner) !== mine) return { ok: false, status: 403, issues: [issue('forbidden', `Task/${taskEntry.id} is not assigned to ${ctx.coder}`, `Bundle.entry[${taskEntry.index}].request.url`)] };
    const task = taskEntry.resource as Task;
    if (referenceKey(task.owner) !== mine) return { ok: false, status: 403, issues: [issue('forbidden', `a coder cannot hand a Task to someone else: owner must stay ${mine}`, `Bundle.entry[${taskEntry.index}].resource.owner`)] };
    if (!stored) issues.push(issue('not-found', `Task/${taskEntry.id} does not exist on this server`, `Bundle.entry[${taskEntry.index}].request.url`));
    else if (encounterId && referenceKey(stored.focus) !== `Encounter/${encounterId}`) issues.push(issue('business-rule', `Task/${taskEntry.id} is the task of ${stored.focus?.reference ?? 'no encounter'}, not of Encounter/${encounterId}`, `Bundle.entry[${taskEntry.index}].request.url`));
    if (task.status !== 'completed') issues.push(issue('value', `finishing a revision completes its Task: status must be "completed", not ${JSON.stringify(task.status)}`, `Bundle.entry[${taskEntry.index}].resource.status`));
    if (encounterId && referenceKey(task.focus) !== `Encounter/${encounterId}`) issues.push(issue('business-rule', `the Task's focus must be Encounter/${encounterId}`, `Bundle.entry[${taskEntry.index}].resource.focus`));
  }
  const storedEncounter = encounterId ? ctx.store.get<FhirEncounter>('Encounter', encounterId) : null;
  if (encounterEntry && encounterId && !storedEncounter) issues.push(issue('not-found', `Encounter/${encounterId} does not exist on this server`, `Bundle.entry[${encounterEntry.index}].request.url`));
  const patientKey = referenceKey(storedEncounter?.subject);

  // 3. Identifiers: one revision of this encounter.
  let revision = 0;
  let claimIdentifier = '';
  for (const e of entries) {
    if (!e.identifier) continue;
    const parsed = parseRevisionIdentifier(e.identifier);
    const where = `Bundle.entry[${e.index}].resource.identifier`;
    if (!parsed) issues.push(issue('value', `workstation identifiers read <encounter>/r<revision>/<part>, not ${e.identifier}`, where));
    else {
      if (encounterId && parsed.encounterId !== encounterId) issues.push(issue('business-rule', `identifier ${e.identifier} belongs to encounter ${parsed.encounterId}, not ${encounterId}`, where));
      if (revision && parsed.revision !== revision) issues.push(issue('business-rule', `identifier ${e.identifier} is of revision ${parsed.revision}; the bundle's other entries are of revision ${revision}`, where));
      revision ||= parsed.revision;
      if (e.type === 'Claim') {
        if (parsed.part !== 'claim') issues.push(issue('value', `a Claim's identifier ends in /claim, not /${parsed.part}`, where));
        claimIdentifier = e.identifier;
      }
    }
  }

  // 4. References: each resolves inside the bundle or to a stored resource, and belongs to this encounter.
  const putKeys = new Set(entries.filter((e) => e.method === 'PUT' && e.id).map((e) => `${e.type}/${e.id}`));
  const checkReference = (ref: Reference, where: string) => {
    let target = ref.reference!;
    if (target.startsWith('urn:uuid:')) {
      if (!fullUrls.has(target)) issues.push(issue('not-found', `${target} is not the fullUrl of any entry of this bundle`, where));
      return;
    }
    if (target.startsWith(`${ctx.baseUrl}/`)) target = target.slice(ctx.baseUrl.length + 1);
    const m = target.match(LITERAL);
    if (!m || !RESOURCE_TYPES.has(m[1])) {
      issues.push(issue('not-found', `${ref.reference} cannot be resolved by this server (expected Type/id of one of its resources, or a urn:uuid of this bundle)`, where));
      return;
    }
    const [, type, id, version] = m;
    const key = `${type}/${id}`;
    const found = version ? ctx.store.getVersion(type, id, Number(version)) : putKeys.has(key) ? true : ctx.store.get(type, id);
    if (!found) {
      issues.push(issue('not-found', `${ref.reference} does not exist on this server${version ? ' (no such version)' : ''}`, where));
      return;
    }
    if (type === 'Encounter' && encounterId && id !== encounterId) issues.push(issue('business-rule', `${key} is not this bundle's encounter (Encounter/${encounterId})`, where));
    if (type === 'Patient' && patientKey && key !== patientKey) issues.push(issue('business-rule', `${key} is not the patient of Encounter/${encounterId} (${patientKey})`, where));
    if (type === 'DocumentReference' && encounterId && found !== true) {
      const doc = found as DocumentReference;
      if (!(doc.context?.encounter ?? []).some((r) => referenceKey(r) === `Encounter/${encounterId}`)) issues.push(issue('business-rule', `${key} is not a note of Encounter/${encounterId}`, where));
    }
  };
  for (const e of entries) walkReferences(e.resource, `Bundle.entry[${e.index}].resource`, checkReference);

  // 5. Codes, each on its date: ICD-10-CM and -PCS on the code-set date (discharge for a stay), CPT/HCPCS on the line's date.
  const enc = encounterEntry?.resource as FhirEncounter | undefined;
  const encAt = encounterEntry ? `Bundle.entry[${encounterEntry.index}].resource` : 'Bundle';
  const start = enc?.period?.start;
  const end = enc?.period?.end;
  if (enc && (typeof start !== 'string' || !DATE.test(start.slice(0, 10)))) issues.push(issue('required', 'the Encounter needs its date of service (period.start, YYYY-MM-DD)', `${encAt}.period.start`));
  if (enc && end !== undefined && (typeof end !== 'string' || !DATE.test(end.slice(0, 10)))) issues.push(issue('value', 'period.end must be a date (YYYY-MM-DD)', `${encAt}.period.end`));
  const dateOfService = typeof start === 'string' && DATE.test(start.slice(0, 10)) ? start.slice(0, 10) : null;
  const inpatient = enc?.type?.some((t) => t.coding?.some((c) => c.system === CARE_SETTING_SYSTEM && c.code === 'inpatient')) || enc?.class?.code === 'IMP';
  const codeSetDate = inpatient && typeof end === 'string' && DATE.test(end.slice(0, 10)) ? end.slice(0, 10) : dateOfService;

  const checkCode = (system: CodeSystem, coding: Coding | undefined, date: string | null, where: string, as: 'code' | 'modifier' = 'code') => {
    const label = SYSTEM_LABEL[system];
    if (!coding || typeof coding.code !== 'string' || !coding.code) {
      issues.push(issue('required', `a ${label} ${as} is missing`, `${where}.code`));
      return;
    }
    if (!date) return; // the date's own issue is reported once, above
    const code = normalizeCodeInput(coding.code);
    const shown = displayCode(system, code);
    const found = ctx.reference.codeOnDate(system, code, date);
    switch (found.status) {
      case 'valid':
        if (as === 'code' && found.kind === 'modifier') issues.push(issue('code-invalid', `${shown} is a HCPCS modifier, not a procedure code`, `${where}.code`));
        else if (as === 'modifier' && found.kind !== 'modifier') issues.push(issue('code-invalid', `${shown} is a HCPCS code, not a modifier`, `${where}.code`));
        else if (coding.version && coding.version !== found.release.version) issues.push(issue('code-invalid', `${label} ${coding.version} is not the release in effect on ${date} (${found.release.version})`, `${where}.version`));
        return;
      case 'header':
        issues.push(issue('code-invalid', `${shown} is a header in ${label} ${found.release.version}, not a code valid for claims: it needs more characters`, `${where}.code`));
        return;
      case 'not-in-effect': {
        const why = found.addedOn ? `it was added on ${found.addedOn}` : found.terminatedOn ? `it was terminated after ${found.terminatedOn}` : found.validIn.length ? `it is valid in ${found.validIn.map((r) => `${label} ${r.version}`).join(', ')}` : 'it is not in that release';
        issues.push(issue('code-invalid', `${shown} is not valid on ${date}: ${label} ${found.release.version} is in effect then, and ${why}`, `${where}.code`));
        return;
      }
      case 'unknown':
        issues.push(issue('code-invalid', `${shown} is not ${label.startsWith('I') ? 'an' : 'a'} ${label} ${as}: it is in no release installed on this server (${found.release.version} is in effect on ${date})`, `${where}.code`));
        return;
      case 'no-release':
        // CPT is licensed per customer: without the file its codes are checked for form only, as the workstation does.
        if (system === 'cpt' && (as === 'modifier' || CPT_FORM.test(code))) {
          warnings.push(issue('not-supported', `CPT ${shown} was stored unchecked: no licensed CPT release is installed on this server for ${date}`, `${where}.code`, 'warning'));
        } else if (system === 'cpt') {
          issues.push(issue('code-invalid', `${shown} is not a CPT code (five digits, or four digits and F, T or U)`, `${where}.code`));
        } else {
          issues.push(issue('not-supported', `no ${label} release is installed on this server for ${date}, so ${shown} cannot be checked; another year's codes are never used instead`, `${where}.code`));
        }
    }
  };
  const systemOf = (coding: Coding | undefined, allowed: CodeSystem[], where: string): CodeSystem | null => {
    const system = codeSystemOfUri(coding?.system);
    if (system && allowed.includes(system)) return system;
    issues.push(issue('code-invalid', `expected a code of ${allowed.map((s) => `${SYSTEM_LABEL[s]} (${CODE_SYSTEM_URI[s]})`).join(' or ')}, not ${JSON.stringify(coding?.system ?? null)}`, `${where}.system`));
    return null;
  };

  for (const e of entries.filter((x) => x.type === 'Condition')) {
    const where = `Bundle.entry[${e.index}].resource.code.coding[0]`;
    const coding = (e.resource as Condition).code?.coding?.[0];
    if (systemOf(coding, ['icd10cm'], where)) checkCode('icd10cm', coding, codeSetDate, where);
  }

  let replaces: string | undefined;
  if (claimEntry) {
    const claim = claimEntry.resource as Claim;
    const at = `Bundle.entry[${claimEntry.index}].resource`;
    if (claim.status !== 'active') issues.push(issue('value', `a new claim is "active", not ${JSON.stringify(claim.status)}`, `${at}.status`));
    const sequences = new Set<number>();
    (Array.isArray(claim.diagnosis) ? claim.diagnosis : []).forEach((d, i) => {
      const where = `${at}.diagnosis[${i}]`;
      if (!Number.isInteger(d.sequence) || d.sequence < 1 || sequences.has(d.sequence)) issues.push(issue('value', `sequence must be a positive whole number used once, not ${JSON.stringify(d.sequence)}`, `${where}.sequence`));
      else sequences.add(d.sequence);
      const ref = d.diagnosisReference?.reference;
      if (d.diagnosisCodeableConcept) {
        const c = d.diagnosisCodeableConcept.coding?.[0];
        if (systemOf(c, ['icd10cm'], `${where}.diagnosisCodeableConcept.coding[0]`)) checkCode('icd10cm', c, codeSetDate, `${where}.diagnosisCodeableConcept.coding[0]`);
      } else if (!ref) issues.push(issue('required', 'a claim diagnosis references its Condition', `${where}.diagnosisReference`));
      else if (fullUrls.has(ref) && fullUrls.get(ref)!.type !== 'Condition') issues.push(issue('value', `${ref} is a ${fullUrls.get(ref)!.type}, not a Condition`, `${where}.diagnosisReference`));
    });
    if (!sequences.size) issues.push(issue('required', 'a claim needs at least one diagnosis', `${at}.diagnosis`));
    (Array.isArray(claim.item) ? claim.item : []).forEach((item, i) => {
      const where = `${at}.item[${i}]`;
      const coding = item.productOrService?.coding?.[0];
      const served = item.servicedDate ?? dateOfService;
      if (item.servicedDate !== undefined && !(typeof item.servicedDate === 'string' && DATE.test(item.servicedDate))) issues.push(issue('value', 'servicedDate must be a date (YYYY-MM-DD)', `${where}.servicedDate`));
      const date = typeof served === 'string' && DATE.test(served) ? served : null;
      const system = systemOf(coding, ['cpt', 'hcpcs'], `${where}.productOrService.coding[0]`);
      if (system) checkCode(system, coding, date, `${where}.productOrService.coding[0]`);
      (item.modifier ?? []).forEach((m, j) => {
        const mc = m.coding?.[0];
        const mw = `${where}.modifier[${j}].coding[0]`;
        if (!mc?.code || !/^[A-Z0-9]{2}$/.test(mc.code)) issues.push(issue('value', `a modifier is two letters or digits, not ${JSON.stringify(mc?.code ?? null)}`, `${mw}.code`));
        else if (/[A-Z]/.test(mc.code)) checkCode('hcpcs', mc, date, mw, 'modifier');
      });
      if ((item.modifier?.length ?? 0) > 4) issues.push(issue('value', 'a claim line has at most 4 modifiers', `${where}.modifier`));
      const q = item.quantity?.value;
      if (!(typeof q === 'number' && Number.isInteger(q) && q > 0)) issues.push(issue('value', `units must be a positive whole number, not ${JSON.stringify(q ?? null)}`, `${where}.quantity.value`));
      (item.diagnosisSequence ?? []).forEach((s, j) => {
        if (!sequences.has(s)) issues.push(issue('value', `diagnosisSequence ${s} names no diagnosis of the claim`, `${where}.diagnosisSequence[${j}]`));
      });
      if ((item.diagnosisSequence?.length ?? 0) > 4) issues.push(issue('value', 'a claim line points at 4 diagnoses at most', `${where}.diagnosisSequence`));
    });
    (Array.isArray(claim.procedure) ? claim.procedure : []).forEach((p, i) => {
      const where = `${at}.procedure[${i}].procedureCodeableConcept.coding[0]`;
      const coding = p.procedureCodeableConcept?.coding?.[0];
      if (systemOf(coding, ['icd10pcs'], where)) checkCode('icd10pcs', coding, codeSetDate, where);
    });
    const related = claim.related?.[0]?.claim?.identifier;
    if (related) {
      if (related.system !== WORKSTATION_ID || !related.value) issues.push(issue('value', `Claim.related names the earlier claim by its workstation identifier (${WORKSTATION_ID})`, `${at}.related[0].claim.identifier`));
      else {
        replaces = related.value;
        const earlier = ctx.store.findIdentifier(WORKSTATION_ID, related.value);
        const earlierClaim = earlier?.type === 'Claim' ? ctx.store.get<Claim>('Claim', earlier.id) : null;
        const earlierEncounter = referenceKey(earlierClaim?.extension?.find((x) => x.url === CLAIM_ENCOUNTER_EXTENSION)?.valueReference);
        if (earlier && (!earlierClaim || (encounterId && earlierEncounter !== `Encounter/${encounterId}`))) issues.push(issue('business-rule', `${related.value} is not a claim of Encounter/${encounterId}`, `${at}.related[0].claim.identifier.value`));
      }
    }
  }

  if (issues.length) return { ok: false, status: 422, issues };
  return { ok: true, bundle: { entries, encounterId: encounterId!, revision, claimIdentifier, ...(replaces ? { replaces } : {}), warnings } };
}

/** Call `visit` on every Reference (an object with a string `reference`) inside a resource, with its FHIRPath. */
export function walkReferences(value: unknown, path: string, visit: (ref: Reference, path: string) => void): void {
  if (Array.isArray(value)) value.forEach((v, i) => walkReferences(v, `${path}[${i}]`, visit));
  else if (isObject(value)) {
    if (typeof value.reference === 'string') visit(value as Reference, path);
    for (const [k, v] of Object.entries(value)) if (typeof v === 'object' && v !== null) walkReferences(v, `${path}.${k}`, visit);
  }
}
