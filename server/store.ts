import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLAIM_ENCOUNTER_EXTENSION } from '../core/fhir/systems';
import type { Claim, Condition, DocumentReference, FhirEncounter, Provenance, Reference, Resource, Task } from '../core/fhir/types';

/**
 * The billing server's database: one SQLite file in the data directory. Every version of every
 * resource is kept (`resource_history`), the current one in `resources`; nothing is overwritten
 * silently. `search_index` holds the few search parameters the server answers; `identifiers`
 * maps each workstation identifier to the resource created under it and the hash of what was
 * sent, which is how a replayed or conflicting bundle is recognised; `transactions` and
 * `idempotency_keys` keep each applied bundle's response so a retry gets it back verbatim.
 */

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS resources (
  type TEXT NOT NULL, id TEXT NOT NULL, version_id INTEGER NOT NULL, last_updated TEXT NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (type, id)
);
CREATE TABLE IF NOT EXISTS resource_history (
  type TEXT NOT NULL, id TEXT NOT NULL, version_id INTEGER NOT NULL, last_updated TEXT NOT NULL, json TEXT NOT NULL,
  PRIMARY KEY (type, id, version_id)
);
CREATE TABLE IF NOT EXISTS search_index (type TEXT NOT NULL, id TEXT NOT NULL, param TEXT NOT NULL, value TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS search_by_value ON search_index (type, param, value);
CREATE INDEX IF NOT EXISTS search_by_resource ON search_index (type, id);
CREATE TABLE IF NOT EXISTS transactions (
  tx_id INTEGER PRIMARY KEY AUTOINCREMENT, coder TEXT NOT NULL, idempotency_key TEXT NOT NULL, body_hash TEXT NOT NULL,
  applied_at TEXT NOT NULL, response_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS identifiers (
  system TEXT NOT NULL, value TEXT NOT NULL, type TEXT NOT NULL, id TEXT NOT NULL, content_hash TEXT NOT NULL,
  tx_id INTEGER NOT NULL REFERENCES transactions (tx_id),
  PRIMARY KEY (system, value)
);
CREATE TABLE IF NOT EXISTS idempotency_keys (
  coder TEXT NOT NULL, key TEXT NOT NULL, body_hash TEXT NOT NULL, tx_id INTEGER NOT NULL REFERENCES transactions (tx_id), created_at TEXT NOT NULL,
  PRIMARY KEY (coder, key)
);
`;

/** The database file inside a data directory. */
export const DATABASE_FILE = 'billing.sqlite';

export interface IdentifierRow {
  type: string;
  id: string;
  contentHash: string;
  txId: number;
}

export interface TransactionRow {
  txId: number;
  coder: string;
  key: string;
  bodyHash: string;
  appliedAt: string;
  responseJson: string;
}

/** `Type/id` of a literal reference, without a version or base URL; null for anything else. */
export function referenceKey(ref: Reference | undefined): string | null {
  const m = ref?.reference?.match(/(?:^|\/)([A-Z][A-Za-z]+)\/([A-Za-z0-9.-]{1,64})(?:\/_history\/[A-Za-z0-9.-]+)?$/);
  return m ? `${m[1]}/${m[2]}` : null;
}

/** The search parameters stored per resource type: the ones the worklist and reads need. */
function searchParams(resource: Resource): [string, string][] {
  const out: [string, string][] = [];
  const ref = (param: string, r: Reference | undefined) => {
    const key = referenceKey(r);
    if (key) out.push([param, key]);
  };
  for (const i of (resource.identifier as { system?: string; value?: string }[] | undefined) ?? []) if (i.system && i.value) out.push(['identifier', `${i.system}|${i.value}`]);
  switch (resource.resourceType) {
    case 'Task': {
      const t = resource as Task;
      ref('owner', t.owner);
      ref('focus', t.focus);
      out.push(['status', t.status]);
      break;
    }
    case 'Encounter':
      ref('subject', (resource as FhirEncounter).subject);
      break;
    case 'DocumentReference':
      for (const r of (resource as DocumentReference).context?.encounter ?? []) ref('encounter', r);
      break;
    case 'Condition':
      ref('encounter', (resource as Condition).encounter);
      break;
    case 'Claim': {
      const c = resource as Claim;
      out.push(['status', c.status]);
      ref('encounter', c.extension?.find((x) => x.url === CLAIM_ENCOUNTER_EXTENSION)?.valueReference);
      for (const item of c.item ?? []) for (const r of item.encounter ?? []) ref('encounter', r);
      break;
    }
    case 'Provenance':
      for (const r of (resource as Provenance).target ?? []) {
        ref('target', r);
        if (referenceKey(r)?.startsWith('Encounter/')) ref('encounter', r);
      }
      break;
  }
  return [...new Map(out.map((p) => [p.join('\u0000'), p])).values()];
}

function statements(db: Database.Database) {
  return {
    get: db.prepare<[string, string], { json: string }>('SELECT json FROM resources WHERE type = ? AND id = ?'),
    getVersion: db.prepare<[string, string, number], { json: string }>('SELECT json FROM resource_history WHERE type = ? AND id = ? AND version_id = ?'),
    history: db.prepare<[string, string], { json: string }>('SELECT json FROM resource_history WHERE type = ? AND id = ? ORDER BY version_id DESC'),
    current: db.prepare<[string, string], { version_id: number }>('SELECT version_id FROM resources WHERE type = ? AND id = ?'),
    upsert: db.prepare('INSERT INTO resources (type, id, version_id, last_updated, json) VALUES (?, ?, ?, ?, ?) ON CONFLICT (type, id) DO UPDATE SET version_id = excluded.version_id, last_updated = excluded.last_updated, json = excluded.json'),
    addHistory: db.prepare('INSERT INTO resource_history (type, id, version_id, last_updated, json) VALUES (?, ?, ?, ?, ?)'),
    clearIndex: db.prepare('DELETE FROM search_index WHERE type = ? AND id = ?'),
    addIndex: db.prepare('INSERT INTO search_index (type, id, param, value) VALUES (?, ?, ?, ?)'),
    indexValues: db.prepare<[string, string, string], { value: string }>('SELECT value FROM search_index WHERE type = ? AND id = ? AND param = ?'),
    search: db.prepare<[string, string, string], { id: string }>('SELECT DISTINCT id FROM search_index WHERE type = ? AND param = ? AND value = ? ORDER BY id'),
    findIdentifier: db.prepare<[string, string], { type: string; id: string; content_hash: string; tx_id: number }>('SELECT type, id, content_hash, tx_id FROM identifiers WHERE system = ? AND value = ?'),
    addIdentifier: db.prepare('INSERT INTO identifiers (system, value, type, id, content_hash, tx_id) VALUES (?, ?, ?, ?, ?, ?)'),
    addTransaction: db.prepare('INSERT INTO transactions (coder, idempotency_key, body_hash, applied_at, response_json) VALUES (?, ?, ?, ?, ?)'),
    setResponse: db.prepare('UPDATE transactions SET response_json = ? WHERE tx_id = ?'),
    getTransaction: db.prepare<[number], { tx_id: number; coder: string; idempotency_key: string; body_hash: string; applied_at: string; response_json: string }>('SELECT * FROM transactions WHERE tx_id = ?'),
    findKey: db.prepare<[string, string], { body_hash: string; tx_id: number }>('SELECT body_hash, tx_id FROM idempotency_keys WHERE coder = ? AND key = ?'),
    addKey: db.prepare('INSERT INTO idempotency_keys (coder, key, body_hash, tx_id, created_at) VALUES (?, ?, ?, ?, ?)'),
    getMeta: db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    setMeta: db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
    maxUpdated: db.prepare<[], { t: string | null }>('SELECT max(last_updated) AS t FROM resource_history'),
  };
}

export class ResourceStore {
  readonly db: Database.Database;
  /** The last instant handed out (ms): instants only ever increase, so `_lastUpdated=gt…` never misses a write. */
  private lastInstant = 0;
  private readonly stmt: ReturnType<typeof statements>;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, DATABASE_FILE));
    // WAL: readers never wait on the writer. FULL: a transaction acknowledged to a client is on
    // disk even if the machine loses power a moment later (the server answers only after commit).
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
    this.stmt = statements(this.db);
    const version = this.getMeta('schema_version');
    if (version === null) this.setMeta('schema_version', String(SCHEMA_VERSION));
    else if (Number(version) > SCHEMA_VERSION) throw new Error(`the database in ${dataDir} has schema version ${version}; this server knows up to ${SCHEMA_VERSION}`);
    const newest = this.stmt.maxUpdated.get()?.t;
    if (newest) this.lastInstant = Date.parse(newest);
  }

  /** The server's current instant, strictly later than any instant it handed out before. */
  now(): string {
    this.lastInstant = Math.max(Date.now(), this.lastInstant + 1);
    return new Date(this.lastInstant).toISOString();
  }

  /** Run `fn` in one SQLite transaction: all of it is stored, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  get<R extends Resource = Resource>(type: string, id: string): R | null {
    const row = this.stmt.get.get(type, id);
    return row ? (JSON.parse(row.json) as R) : null;
  }

  getVersion<R extends Resource = Resource>(type: string, id: string, versionId: number): R | null {
    const row = this.stmt.getVersion.get(type, id, versionId);
    return row ? (JSON.parse(row.json) as R) : null;
  }

  /** Every version, newest first. */
  history(type: string, id: string): Resource[] {
    return this.stmt.history.all(type, id).map((r) => JSON.parse(r.json) as Resource);
  }

  /** Store a new version of `type/id` (version 1 when new) at instant `at`; returns it with `meta` set. */
  put<R extends Resource>(resource: R, at: string): R {
    const type = resource.resourceType;
    const id = resource.id;
    if (!id) throw new Error(`a ${type} needs an id to be stored`);
    const versionId = (this.stmt.current.get(type, id)?.version_id ?? 0) + 1;
    const stored = { ...resource, meta: { ...(resource.meta ?? {}), versionId: String(versionId), lastUpdated: at } } as R;
    const json = JSON.stringify(stored);
    this.stmt.upsert.run(type, id, versionId, at, json);
    this.stmt.addHistory.run(type, id, versionId, at, json);
    this.stmt.clearIndex.run(type, id);
    for (const [param, value] of searchParams(stored)) this.stmt.addIndex.run(type, id, param, value);
    return stored;
  }

  /** Ids of `type` whose search parameter `param` has `value` (`Practitioner/demo.coder`, `active`, `system|value`). */
  search(type: string, param: string, value: string): string[] {
    return this.stmt.search.all(type, param, value).map((r) => r.id);
  }

  /** The values of one search parameter of a stored resource (a Claim's `encounter`). */
  indexValues(type: string, id: string, param: string): string[] {
    return this.stmt.indexValues.all(type, id, param).map((r) => r.value);
  }

  count(type?: string): number {
    const row = type
      ? this.db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM resources WHERE type = ?').get(type)
      : this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM resources').get();
    return row?.n ?? 0;
  }

  findIdentifier(system: string, value: string): IdentifierRow | null {
    const row = this.stmt.findIdentifier.get(system, value);
    return row ? { type: row.type, id: row.id, contentHash: row.content_hash, txId: row.tx_id } : null;
  }

  addIdentifier(system: string, value: string, row: IdentifierRow): void {
    this.stmt.addIdentifier.run(system, value, row.type, row.id, row.contentHash, row.txId);
  }

  addTransaction(coder: string, key: string, bodyHash: string, appliedAt: string): number {
    return Number(this.stmt.addTransaction.run(coder, key, bodyHash, appliedAt, '').lastInsertRowid);
  }

  setTransactionResponse(txId: number, responseJson: string): void {
    this.stmt.setResponse.run(responseJson, txId);
  }

  getTransaction(txId: number): TransactionRow | null {
    const row = this.stmt.getTransaction.get(txId);
    return row ? { txId: row.tx_id, coder: row.coder, key: row.idempotency_key, bodyHash: row.body_hash, appliedAt: row.applied_at, responseJson: row.response_json } : null;
  }

  /** The transaction an Idempotency-Key of a coder was used for, with the hash of the body sent under it. */
  findKey(coder: string, key: string): { bodyHash: string; txId: number } | null {
    const row = this.stmt.findKey.get(coder, key);
    return row ? { bodyHash: row.body_hash, txId: row.tx_id } : null;
  }

  addKey(coder: string, key: string, bodyHash: string, txId: number, at: string): void {
    this.stmt.addKey.run(coder, key, bodyHash, txId, at);
  }

  getMeta(key: string): string | null {
    return this.stmt.getMeta.get(key)?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.stmt.setMeta.run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
