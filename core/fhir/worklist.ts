import { CARE_SETTING_LABEL, type CareSetting, type Encounter } from '../coding/encounter';
import { base64ToText, textToBase64 } from './base64-text';
import { CARE_SETTING_SYSTEM, ENCOUNTER_CLASS, EXTENSION, MRN_SYSTEM, NOTE_CONTENT_TYPE, NPI_SYSTEM, TERMINOLOGY } from './systems';
import type { Bundle, DocumentReference, FhirEncounter, Patient, Reference, Resource, Task } from './types';

/**
 * The worklist as FHIR: one `Task` per encounter to code, owned by the coder and focused on
 * the `Encounter`, with its `Patient` and one `DocumentReference` per note. The server seeds
 * with `encounterToWorklistResources`; the workstation reads a pull with
 * `worklistBundleToEncounters`. Ids: the Task has the Encounter's id (one coding task per
 * encounter), the Patient's comes from the MRN (`patientIdForMrn`), a note's is the document id.
 */

/** The resources that put one encounter on a coder's worklist. */
export interface WorklistResources {
  task: Task;
  encounter: FhirEncounter;
  patient: Patient;
  documents: DocumentReference[];
}

/** Task statuses that mean "to code" on a worklist. */
export const WORKLIST_STATUSES = ['ready', 'in-progress'] as const;

/** What the coder is asked to do (Task.code). */
const CODING_TASK = { text: 'Code the encounter for billing' };

/** The Patient id for a medical record number: FHIR ids allow only letters, digits, `-` and `.` (64 at most). */
export function patientIdForMrn(mrn: string): string {
  return `pat-${mrn.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')}`.slice(0, 64);
}

/** `Practitioner/demo.coder` for `demo.coder`. */
export function practitionerReference(coder: string): Reference {
  return { reference: `Practitioner/${coder}` };
}

/** The id of a literal reference to a resource type (`Encounter/enc-1` -> `enc-1`; absolute URLs and `_history` too), or null. */
export function referencedId(ref: Reference | undefined, type: string): string | null {
  const m = ref?.reference?.match(new RegExp(`(?:^|/)${type}/([A-Za-z0-9.-]{1,64})(?:/_history/[A-Za-z0-9.-]+)?$`));
  return m ? m[1] : null;
}

/** The Task of an encounter, as seeded (`ready`) or as the workstation completes it. */
export function codingTask(encounter: Pick<Encounter, 'id' | 'visit' | 'patient' | 'assignedTo' | 'receivedAt'>, status: string, lastModified: string): Task {
  return {
    resourceType: 'Task',
    id: encounter.id,
    status,
    intent: 'order',
    code: CODING_TASK,
    description: encounter.visit,
    focus: { reference: `Encounter/${encounter.id}` },
    for: { reference: `Patient/${patientIdForMrn(encounter.patient.mrn)}` },
    authoredOn: encounter.receivedAt,
    lastModified,
    owner: practitionerReference(encounter.assignedTo),
  };
}

/** The Encounter resource as the billing system schedules it (no diagnoses yet). */
export function fhirEncounter(encounter: Encounter): FhirEncounter {
  const provider: Reference = { display: encounter.provider.name };
  if (encounter.provider.npi) provider.identifier = { system: NPI_SYSTEM, value: encounter.provider.npi };
  const resource: FhirEncounter = {
    resourceType: 'Encounter',
    id: encounter.id,
    status: 'finished',
    class: { system: TERMINOLOGY.actCode, code: ENCOUNTER_CLASS[encounter.setting] },
    type: [{ coding: [{ system: CARE_SETTING_SYSTEM, code: encounter.setting, display: CARE_SETTING_LABEL[encounter.setting] }], text: encounter.visit }],
    subject: { reference: `Patient/${patientIdForMrn(encounter.patient.mrn)}` },
    participant: [
      {
        type: [{ coding: [{ system: TERMINOLOGY.participationType, code: 'ATND' }] }],
        individual: provider,
        extension: [{ url: EXTENSION.providerSpecialty, valueString: encounter.provider.specialty }],
      },
    ],
    period: encounter.dischargeDate ? { start: encounter.dateOfService, end: encounter.dischargeDate } : { start: encounter.dateOfService },
  };
  return resource;
}

/** The resources the server stores for an encounter on a coder's worklist (Task `ready`). */
export function encounterToWorklistResources(encounter: Encounter): WorklistResources {
  const patient: Patient = {
    resourceType: 'Patient',
    id: patientIdForMrn(encounter.patient.mrn),
    identifier: [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] }, system: MRN_SYSTEM, value: encounter.patient.mrn }],
    name: [{ text: encounter.patient.name }],
    gender: encounter.patient.sex,
    birthDate: encounter.patient.birthDate,
  };
  const documents = encounter.documents.map(
    (d): DocumentReference => ({
      resourceType: 'DocumentReference',
      id: d.id,
      meta: { versionId: String(d.version) },
      status: 'current',
      docStatus: 'final',
      type: { text: d.title },
      subject: { reference: `Patient/${patient.id}` },
      author: [{ display: d.author }],
      description: d.title,
      content: [{ attachment: { contentType: NOTE_CONTENT_TYPE, data: textToBase64(d.text), title: d.title, creation: d.date } }],
      context: { encounter: [{ reference: `Encounter/${encounter.id}` }] },
    }),
  );
  return { task: codingTask(encounter, 'ready', encounter.receivedAt), encounter: fhirEncounter(encounter), patient, documents };
}

/** Thrown for a worklist bundle the workstation cannot read: `where` names the entry. */
export class WorklistFormatError extends Error {
  constructor(
    readonly where: string,
    message: string,
  ) {
    super(`${where}: ${message}`);
    this.name = 'WorklistFormatError';
  }
}

const SETTINGS = new Set<string>(Object.keys(CARE_SETTING_LABEL));

/**
 * A worklist pull (searchset Bundle of Tasks with their Encounter, Patient and
 * DocumentReferences) as the workstation's encounters: status `to-do`, nothing coded, each
 * note's `version` from its `meta.versionId` so a changed note is noticed. Tasks not owned by
 * `coder` are skipped. Throws `WorklistFormatError` naming the entry when something needed is
 * missing; nothing is half-read.
 */
export function worklistBundleToEncounters(bundle: Bundle, coder: string): Encounter[] {
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') throw new WorklistFormatError('Bundle', 'expected a searchset Bundle');
  const byKey = new Map<string, Resource>();
  const documentsOf = new Map<string, DocumentReference[]>();
  const entries = bundle.entry ?? [];
  entries.forEach((e, i) => {
    const r = e.resource;
    if (!r?.resourceType || !r.id) throw new WorklistFormatError(`Bundle.entry[${i}]`, 'an entry without a resource id');
    byKey.set(`${r.resourceType}/${r.id}`, r);
    if (r.resourceType === 'DocumentReference') {
      for (const ref of (r as DocumentReference).context?.encounter ?? []) {
        const id = referencedId(ref, 'Encounter');
        if (id) documentsOf.set(id, [...(documentsOf.get(id) ?? []), r as DocumentReference]);
      }
    }
  });
  const out: Encounter[] = [];
  entries.forEach((e, i) => {
    const task = e.resource as Task;
    if (task.resourceType !== 'Task' || (e.search && e.search.mode !== 'match')) return;
    const where = `Bundle.entry[${i}] (Task/${task.id})`;
    const owner = referencedId(task.owner, 'Practitioner');
    if (owner !== coder) return;
    const encounterId = referencedId(task.focus, 'Encounter');
    const enc = encounterId ? (byKey.get(`Encounter/${encounterId}`) as FhirEncounter | undefined) : undefined;
    if (!enc) throw new WorklistFormatError(where, `its focus ${task.focus?.reference ?? '(none)'} is not in the bundle (ask for _include=Task:focus)`);
    const patientId = referencedId(enc.subject, 'Patient');
    const patient = patientId ? (byKey.get(`Patient/${patientId}`) as Patient | undefined) : undefined;
    if (!patient) throw new WorklistFormatError(where, `the patient ${enc.subject?.reference ?? '(none)'} of Encounter/${enc.id} is not in the bundle (ask for _include=Encounter:subject)`);
    out.push(encounterFromResources({ task, encounter: enc, patient, documents: documentsOf.get(enc.id!) ?? [] }, coder, where));
  });
  return out;
}

/** One worklist item's resources as the workstation's encounter. */
export function encounterFromResources(r: WorklistResources, coder: string, where = `Task/${r.task.id}`): Encounter {
  const { task, encounter: enc, patient } = r;
  const setting = enc.type?.flatMap((t) => t.coding ?? []).find((c) => c.system === CARE_SETTING_SYSTEM)?.code ?? settingFromClass(enc.class?.code);
  if (!setting || !SETTINGS.has(setting)) throw new WorklistFormatError(where, `Encounter/${enc.id} has no care setting the workstation knows`);
  if (!enc.period?.start) throw new WorklistFormatError(where, `Encounter/${enc.id} has no date of service (period.start)`);
  const participant = enc.participant?.[0];
  const mrn = patient.identifier?.find((i) => i.system === MRN_SYSTEM)?.value ?? patient.identifier?.[0]?.value ?? patient.id ?? '';
  const sex = patient.gender === 'male' || patient.gender === 'female' ? patient.gender : 'unknown';
  const documents = [...r.documents]
    .filter((d) => d.status === 'current')
    .map((d) => {
      const attachment = d.content?.[0]?.attachment;
      let text: string;
      try {
        text = base64ToText(attachment?.data ?? '');
      } catch {
        throw new WorklistFormatError(where, `DocumentReference/${d.id} content[0].attachment.data is not base64 of UTF-8 text`);
      }
      return {
        id: d.id!,
        title: attachment?.title ?? d.description ?? d.type?.text ?? 'Note',
        author: d.author?.[0]?.display ?? '',
        date: (attachment?.creation ?? d.meta?.lastUpdated ?? enc.period!.start!).slice(0, 10),
        text,
        version: Number(d.meta?.versionId ?? 1) || 1,
      };
    });
  const receivedAt = task.authoredOn ?? task.meta?.lastUpdated ?? '';
  const out: Encounter = {
    id: enc.id!,
    visit: enc.type?.find((t) => t.text)?.text ?? task.description ?? '',
    patient: { mrn, name: patient.name?.[0]?.text ?? '', birthDate: patient.birthDate ?? '', sex },
    dateOfService: enc.period.start.slice(0, 10),
    setting: setting as CareSetting,
    provider: {
      name: participant?.individual?.display ?? '',
      specialty: participant?.extension?.find((x) => x.url === EXTENSION.providerSpecialty)?.valueString ?? '',
    },
    documents,
    status: 'to-do',
    revision: 1,
    coding: { diagnoses: [], procedures: [] },
    acknowledgements: [],
    assignedTo: referencedId(task.owner, 'Practitioner') ?? coder,
    receivedAt,
    updatedAt: task.lastModified ?? receivedAt,
  };
  const npi = participant?.individual?.identifier?.system === NPI_SYSTEM ? participant.individual.identifier.value : undefined;
  if (npi) out.provider.npi = npi;
  if (enc.period.end && setting === 'inpatient') out.dischargeDate = enc.period.end.slice(0, 10);
  return out;
}

function settingFromClass(code: string | undefined): CareSetting | undefined {
  return code === 'IMP' ? 'inpatient' : code === 'EMER' ? 'emergency' : code === 'AMB' ? 'office' : undefined;
}

/**
 * The worklist search a workstation sends: the coder's ready and in-progress Tasks with
 * their Encounter, Patient and notes; with `since` (the previous pull's `meta.lastUpdated`),
 * only what changed after it. A path relative to the server's base URL.
 */
export function worklistQuery(coder: string, since?: string): string {
  const params: [string, string][] = [
    ['owner', `Practitioner/${coder}`],
    ['status', WORKLIST_STATUSES.join(',')],
    ['_include', 'Task:focus'],
    ['_include', 'Encounter:subject'],
    ['_revinclude', 'DocumentReference:encounter'],
  ];
  if (since) params.push(['_lastUpdated', `gt${since}`]);
  // core/ has no URLSearchParams (no DOM or Node types). Every value is percent-encoded: a '+'
  // in a time zone offset would otherwise arrive as a space.
  return `Task?${params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&')}`;
}
