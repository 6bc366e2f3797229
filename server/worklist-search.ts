import { issue, operationOutcome } from '../core/fhir/operation-outcome';
import type { Bundle, BundleEntry, DocumentReference, FhirEncounter, Resource, Task } from '../core/fhir/types';
import { referenceKey, type ResourceStore } from './store';

/**
 * `GET /Task?owner=…&status=…&_include=Task:focus&_include=Encounter:subject&_revinclude=DocumentReference:encounter[&_lastUpdated=gt…]`:
 * the coder's worklist. The searchset's `meta.lastUpdated` is the server's instant when it
 * answered; sent back as `_lastUpdated=gt<it>`, only Tasks that changed after it come back, a
 * Task counting as changed when it, its Encounter, its Patient or one of its notes did (a
 * corrected note must reach the coder). Instants are strictly increasing, so nothing written
 * after a pull is missed by the next one.
 */

export interface SearchResult {
  status: number;
  body: unknown;
}

const TASK_STATUSES = new Set(['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error']);
const INCLUDES = new Set(['Task:focus', 'Encounter:subject']);
const REVINCLUDES = new Set(['DocumentReference:encounter']);
const PARAMS = new Set(['owner', 'status', '_include', '_include:iterate', '_revinclude', '_lastUpdated']);

const bad = (diagnostics: string, expression?: string): SearchResult => ({ status: 400, body: operationOutcome([issue('not-supported', diagnostics, expression)]) });

export function searchTasks(store: ResourceStore, coder: string, params: URLSearchParams, selfUrl: string, baseUrl: string): SearchResult {
  for (const name of new Set(params.keys())) {
    if (!PARAMS.has(name)) return bad(`search parameter ${name} is not supported on Task (supported: ${[...PARAMS].join(', ')})`, name);
  }
  const owner = params.get('owner') ?? `Practitioner/${coder}`;
  const ownerId = owner.replace(/^Practitioner\//, '');
  if (ownerId !== coder) return { status: 403, body: operationOutcome([issue('forbidden', `${coder} may search only their own Tasks, not those of ${owner}`, 'owner')]) };

  const statuses = params.has('status') ? params.getAll('status').flatMap((s) => s.split(',')).map((s) => s.trim()) : null;
  for (const s of statuses ?? []) if (!TASK_STATUSES.has(s)) return bad(`${s} is not a Task status`, 'status');
  const includes = [...params.getAll('_include'), ...params.getAll('_include:iterate')];
  for (const i of includes) if (!INCLUDES.has(i)) return bad(`_include=${i} is not supported (supported: ${[...INCLUDES].join(', ')})`, '_include');
  const revincludes = params.getAll('_revinclude');
  for (const r of revincludes) if (!REVINCLUDES.has(r)) return bad(`_revinclude=${r} is not supported (supported: ${[...REVINCLUDES].join(', ')})`, '_revinclude');

  let since: { after: string; inclusive: boolean } | null = null;
  const lastUpdated = params.get('_lastUpdated');
  if (lastUpdated !== null) {
    // A '+' in an unencoded offset arrives as a space.
    const m = lastUpdated.replace(/ /g, '+').match(/^(gt|ge)(.+)$/);
    const t = m ? Date.parse(m[2]) : NaN;
    if (!m || Number.isNaN(t)) return bad(`_lastUpdated takes gt or ge and an instant (gt2026-10-01T12:00:00.000Z), not ${lastUpdated}`, '_lastUpdated');
    since = { after: new Date(t).toISOString(), inclusive: m[1] === 'ge' };
  }

  const answeredAt = store.now();
  const tasks: { task: Task; encounter: FhirEncounter | null; patient: Resource | null; documents: DocumentReference[] }[] = [];
  for (const id of store.search('Task', 'owner', `Practitioner/${coder}`)) {
    const task = store.get<Task>('Task', id);
    if (!task || (statuses && !statuses.includes(task.status))) continue;
    const encounterKey = referenceKey(task.focus);
    const encounter = encounterKey?.startsWith('Encounter/') ? store.get<FhirEncounter>('Encounter', encounterKey.slice('Encounter/'.length)) : null;
    const patientKey = referenceKey(encounter?.subject);
    const patient = patientKey?.startsWith('Patient/') ? store.get('Patient', patientKey.slice('Patient/'.length)) : null;
    const documents = encounterKey ? store.search('DocumentReference', 'encounter', encounterKey).flatMap((d) => store.get<DocumentReference>('DocumentReference', d) ?? []) : [];
    if (since) {
      const changed = [task, encounter, patient, ...documents].reduce((max, r) => (r?.meta?.lastUpdated && r.meta.lastUpdated > max ? r.meta.lastUpdated : max), '');
      if (!(changed > since.after || (since.inclusive && changed === since.after))) continue;
    }
    tasks.push({ task, encounter, patient, documents });
  }
  tasks.sort((a, b) => (a.task.authoredOn ?? '').localeCompare(b.task.authoredOn ?? '') || (a.task.id ?? '').localeCompare(b.task.id ?? ''));

  const entry = (r: Resource, mode: 'match' | 'include'): BundleEntry => ({ fullUrl: `${baseUrl}/${r.resourceType}/${r.id}`, resource: r, search: { mode } });
  const entries: BundleEntry[] = tasks.map((t) => entry(t.task, 'match'));
  const seen = new Set<string>();
  const include = (r: Resource | null) => {
    if (!r || seen.has(`${r.resourceType}/${r.id}`)) return;
    seen.add(`${r.resourceType}/${r.id}`);
    entries.push(entry(r, 'include'));
  };
  for (const t of tasks) {
    if (includes.includes('Task:focus')) include(t.encounter);
    if (includes.includes('Encounter:subject')) include(t.patient);
    if (revincludes.length) for (const d of t.documents) include(d);
  }
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    meta: { lastUpdated: answeredAt },
    total: tasks.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: entries,
  };
  return { status: 200, body: bundle };
}
