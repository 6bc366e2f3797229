import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../core/fhir/canonical-json';
import { issue, operationOutcome } from '../core/fhir/operation-outcome';
import { parseRevisionIdentifier } from '../core/fhir/revision-bundle';
import { WORKSTATION_ID } from '../core/fhir/systems';
import type { Bundle, BundleEntry, Claim, OperationOutcomeIssue, Resource } from '../core/fhir/types';
import type { CodingReference } from '../core/coding/reference';
import type { ResourceStore } from './store';
import { validateRevisionBundle, type ValidBundle } from './validate-bundle';

/**
 * `POST /` with a revision's transaction Bundle. In order: a known Idempotency-Key gets its
 * original response back (same body) or a 409 (different body); then the bundle is validated
 * (400/403/422, nothing stored); then its workstation identifiers are looked up: none stored
 * means apply, all stored with identical content means the bundle was applied before under
 * another key (its original response again), anything else is a 409. Applying is one SQLite
 * transaction: resources, identifiers, the claim it replaces, the response and the key, all or
 * nothing. Everything after the body is read runs synchronously, so two requests can never
 * interleave between the checks and the write.
 */

export interface TransactionResult {
  status: number;
  body: unknown;
  /** The response was a stored one (`Idempotency-Replayed: true`). */
  replayed?: boolean;
  /** A new transaction was committed (faults hooks act only then). */
  committed?: boolean;
}

export interface TransactionContext {
  store: ResourceStore;
  reference: CodingReference;
  coder: string;
  baseUrl: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function applyTransaction(ctx: TransactionContext, key: string, text: string): TransactionResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    return { status: 400, body: operationOutcome([issue('structure', `the body is not JSON: ${(error as Error).message}`, 'Bundle')]) };
  }
  const bodyHash = sha256(canonicalJson(body));

  const known = ctx.store.findKey(ctx.coder, key);
  if (known) {
    if (known.bodyHash !== bodyHash) {
      return { status: 409, body: operationOutcome([issue('conflict', `Idempotency-Key ${key} was already used for a different bundle (transaction ${known.txId}); a new bundle needs a new key`)]) };
    }
    return replay(ctx.store, known.txId);
  }

  const validation = validateRevisionBundle(body, ctx);
  if (!validation.ok) return { status: validation.status, body: operationOutcome(validation.issues) };
  const valid = validation.bundle;

  // Conditional creates: what is already stored under the bundle's identifiers?
  const creates = valid.entries.filter((e) => e.method === 'POST');
  const hashes = new Map(creates.map((e) => [e.index, sha256(canonicalJson(e.resource))]));
  const stored = creates.map((e) => ({ entry: e, row: ctx.store.findIdentifier(WORKSTATION_ID, e.identifier!) }));
  const existing = stored.filter((s) => s.row);
  if (existing.length) {
    const same = existing.length === stored.length && existing.every((s) => s.row!.contentHash === hashes.get(s.entry.index) && s.row!.txId === existing[0].row!.txId);
    if (same) {
      // Applied before under another key (a client that lost its key): the original result, and this key now names it too.
      const txId = existing[0].row!.txId;
      ctx.store.transaction(() => ctx.store.addKey(ctx.coder, key, bodyHash, txId, ctx.store.now()));
      return replay(ctx.store, txId);
    }
    return {
      status: 409,
      body: operationOutcome(
        existing.map((s) =>
          issue(
            'conflict',
            s.row!.contentHash === hashes.get(s.entry.index)
              ? `identifier ${s.entry.identifier} is already stored (${s.row!.type}/${s.row!.id}), but the rest of this bundle differs from the bundle that stored it`
              : `identifier ${s.entry.identifier} was already used by a different bundle: ${s.row!.type}/${s.row!.id} holds other content`,
            `Bundle.entry[${s.entry.index}].resource.identifier`,
          ),
        ),
      ),
    };
  }

  const later = laterRevision(ctx.store, valid);
  if (later) return { status: 409, body: operationOutcome([later]) };

  const response = ctx.store.transaction(() => commit(ctx, valid, key, bodyHash, hashes));
  return { status: 200, body: response, committed: true };
}

function replay(store: ResourceStore, txId: number): TransactionResult {
  const tx = store.getTransaction(txId);
  if (!tx) throw new Error(`transaction ${txId} is referenced but not stored`);
  return { status: 200, body: JSON.parse(tx.responseJson), replayed: true };
}

/** A revision older than one already applied for the encounter would undo a correction: refused. */
function laterRevision(store: ResourceStore, valid: ValidBundle): OperationOutcomeIssue | null {
  for (const id of store.search('Claim', 'encounter', `Encounter/${valid.encounterId}`)) {
    const claim = store.get<Claim>('Claim', id);
    const mine = claim?.identifier?.find((i) => i.system === WORKSTATION_ID)?.value;
    const parsed = parseRevisionIdentifier(mine);
    if (claim?.status === 'active' && parsed && parsed.revision > valid.revision) {
      return issue('conflict', `revision ${parsed.revision} of ${valid.encounterId} (${mine}) is already applied; revision ${valid.revision} cannot replace it`, 'Bundle.entry');
    }
  }
  return null;
}

function commit(ctx: TransactionContext, valid: ValidBundle, key: string, bodyHash: string, hashes: Map<number, string>): Bundle {
  const { store } = ctx;
  const at = store.now();
  const txId = store.addTransaction(ctx.coder, key, bodyHash, at);

  // Server ids for the created resources; references to their fullUrls become Type/id.
  const assigned = new Map<string, string>();
  const idOf = new Map<number, string>();
  for (const e of valid.entries) {
    if (e.method !== 'POST') continue;
    const id = randomUUID();
    idOf.set(e.index, id);
    if (e.fullUrl) assigned.set(e.fullUrl, `${e.type}/${id}`);
  }
  const rewrite = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = k === 'reference' && typeof v === 'string' && assigned.has(v) ? assigned.get(v) : rewrite(v);
      return out;
    }
    return value;
  };

  const entries: BundleEntry[] = [];
  let newClaimId = '';
  for (const e of valid.entries) {
    const resource = rewrite(e.resource) as Resource;
    delete resource.meta;
    if (e.method === 'POST') {
      const id = idOf.get(e.index)!;
      const saved = store.put({ ...resource, id }, at);
      store.addIdentifier(WORKSTATION_ID, e.identifier!, { type: e.type, id, contentHash: hashes.get(e.index)!, txId });
      if (e.type === 'Claim') newClaimId = id;
      const response: BundleEntry['response'] = { status: '201 Created', location: `${e.type}/${id}/_history/1`, etag: 'W/"1"', lastModified: at };
      if (e.type === 'Claim' && valid.warnings.length) response.outcome = operationOutcome(valid.warnings);
      entries.push({ fullUrl: `${ctx.baseUrl}/${e.type}/${saved.id}`, response });
    } else {
      const saved = store.put(resource, at);
      const v = saved.meta!.versionId!;
      entries.push({ fullUrl: `${ctx.baseUrl}/${e.type}/${saved.id}`, response: { status: '200 OK', location: `${e.type}/${saved.id}/_history/${v}`, etag: `W/"${v}"`, lastModified: at } });
    }
  }

  // A corrected revision replaces every earlier active claim of the encounter; they stay in history as cancelled.
  for (const id of store.search('Claim', 'encounter', `Encounter/${valid.encounterId}`)) {
    if (id === newClaimId) continue;
    const claim = store.get<Claim>('Claim', id);
    if (claim?.status === 'active') store.put({ ...claim, status: 'cancelled' }, at);
  }

  const bundle: Bundle = { resourceType: 'Bundle', id: randomUUID(), type: 'transaction-response', meta: { lastUpdated: at }, entry: entries };
  store.setTransactionResponse(txId, JSON.stringify(bundle));
  store.addKey(ctx.coder, key, bodyHash, txId, at);
  return bundle;
}
