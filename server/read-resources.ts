import { issue, operationOutcome } from '../core/fhir/operation-outcome';
import type { Bundle, DocumentReference, Resource, Task } from '../core/fhir/types';
import { referenceKey, type ResourceStore } from './store';

/**
 * Reads (`GET /Type/id`, `/_history`, `/_history/N`) and the claim search, each limited to what
 * the coder may see: their own Tasks, and the encounters, patients, notes, diagnoses, claims
 * and provenance of those Tasks. Another coder's resource is a 403, as FHIR servers answer a
 * read they refuse; searches simply leave it out.
 */

export interface ReadResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const READABLE_TYPES = ['Task', 'Encounter', 'Patient', 'DocumentReference', 'Condition', 'Claim', 'Provenance', 'Practitioner'] as const;

/** True when the coder owns a Task focused on the encounter. */
function ownsEncounter(store: ResourceStore, coder: string, encounterKey: string | null): boolean {
  if (!encounterKey) return false;
  return store.search('Task', 'focus', encounterKey).some((id) => referenceKey(store.get<Task>('Task', id)?.owner) === `Practitioner/${coder}`);
}

/** May the coder see this resource? */
export function canSee(store: ResourceStore, coder: string, resource: Resource): boolean {
  switch (resource.resourceType) {
    case 'Task':
      return referenceKey((resource as Task).owner) === `Practitioner/${coder}`;
    case 'Practitioner':
      return resource.id === coder;
    case 'Encounter':
      return ownsEncounter(store, coder, `Encounter/${resource.id}`);
    case 'Patient':
      return store.search('Encounter', 'subject', `Patient/${resource.id}`).some((id) => ownsEncounter(store, coder, `Encounter/${id}`));
    case 'DocumentReference':
      return ((resource as DocumentReference).context?.encounter ?? []).some((r) => ownsEncounter(store, coder, referenceKey(r)));
    default:
      // Condition, Claim, Provenance: indexed by their encounter.
      return store.indexValues(resource.resourceType, resource.id ?? '', 'encounter').some((key) => ownsEncounter(store, coder, key));
  }
}

const notFound = (what: string): ReadResult => ({ status: 404, body: operationOutcome([issue('not-found', `${what} does not exist`)]) });
const forbidden = (what: string, coder: string): ReadResult => ({ status: 403, body: operationOutcome([issue('forbidden', `${what} is not visible to ${coder}`)]) });

const versionHeaders = (r: Resource) => ({ ETag: `W/"${r.meta?.versionId ?? ''}"`, 'Last-Modified': new Date(r.meta?.lastUpdated ?? 0).toUTCString() });

/** GET /Type/id, /Type/id/_history, /Type/id/_history/N. */
export function readResource(store: ResourceStore, coder: string, type: string, id: string, history: boolean, version: string | undefined, baseUrl: string): ReadResult {
  const current = store.get(type, id);
  if (!current) return notFound(`${type}/${id}`);
  if (!canSee(store, coder, current)) return forbidden(`${type}/${id}`, coder);
  if (version !== undefined) {
    const v = store.getVersion(type, id, Number(version));
    return v ? { status: 200, body: v, headers: versionHeaders(v) } : notFound(`${type}/${id}/_history/${version}`);
  }
  if (!history) return { status: 200, body: current, headers: versionHeaders(current) };
  const versions = store.history(type, id);
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'history',
    total: versions.length,
    entry: versions.map((r, i) => ({
      fullUrl: `${baseUrl}/${type}/${id}`,
      resource: r,
      request: { method: i === versions.length - 1 ? 'POST' : 'PUT', url: i === versions.length - 1 ? type : `${type}/${id}` },
      response: { status: i === versions.length - 1 ? '201 Created' : '200 OK', etag: `W/"${r.meta?.versionId}"`, lastModified: r.meta?.lastUpdated },
    })),
  };
  return { status: 200, body: bundle };
}

const CLAIM_PARAMS = new Set(['encounter', 'identifier', 'status']);

/** GET /Claim?encounter=Encounter/x | identifier=system|value [&status=active]: the claims of the coder's encounters. */
export function searchClaims(store: ResourceStore, coder: string, params: URLSearchParams, selfUrl: string, baseUrl: string): ReadResult {
  for (const name of new Set(params.keys())) {
    if (!CLAIM_PARAMS.has(name)) return { status: 400, body: operationOutcome([issue('not-supported', `search parameter ${name} is not supported on Claim (supported: encounter, identifier, status)`, name)]) };
  }
  const encounter = params.get('encounter');
  const identifier = params.get('identifier');
  if (!encounter && !identifier) return { status: 400, body: operationOutcome([issue('required', 'a Claim search names an encounter or an identifier')]) };
  let ids = encounter ? store.search('Claim', 'encounter', encounter.startsWith('Encounter/') ? encounter : `Encounter/${encounter}`) : null;
  if (identifier) {
    const byIdentifier = store.search('Claim', 'identifier', identifier);
    ids = ids ? ids.filter((id) => byIdentifier.includes(id)) : byIdentifier;
  }
  const statuses = params.get('status')?.split(',');
  const claims = (ids ?? [])
    .map((id) => store.get('Claim', id)!)
    .filter((c) => c && canSee(store, coder, c) && (!statuses || statuses.includes(String(c.status))))
    .sort((a, b) => String(a.created ?? '').localeCompare(String(b.created ?? '')) || String(a.id).localeCompare(String(b.id)));
  const bundle: Bundle = {
    resourceType: 'Bundle',
    type: 'searchset',
    meta: { lastUpdated: store.now() },
    total: claims.length,
    link: [{ relation: 'self', url: selfUrl }],
    entry: claims.map((c) => ({ fullUrl: `${baseUrl}/Claim/${c.id}`, resource: c, search: { mode: 'match' } })),
  };
  return { status: 200, body: bundle };
}
