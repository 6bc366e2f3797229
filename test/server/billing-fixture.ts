import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EncounterRevision } from '../../core/coding/encounter';
import { revisionToBundle, type CodeSetVersions } from '../../core/fhir/revision-bundle';
import type { Bundle, BundleEntry, Meta, OperationOutcomeIssue } from '../../core/fhir/types';
import { startBillingServer, type BillingServer, type BillingServerOptions } from '../../server/billing-server';
import { loadCodeSets, type CodeSets } from '../../server/code-sets';
import { CODER, sampleEncounters, sampleRevision } from '../core/fhir/coded-samples';

/**
 * The real billing server on a free loopback port with a real SQLite file in a temp dir,
 * validating against the real code-set packs plus the synthetic CPT fixture (the only CPT
 * list tests may use). Requests go over HTTP with fetch, as the workstation sends them.
 */
export const CPT_FIXTURE = resolve(import.meta.dirname, '../fixtures/cpt-synthetic-2026.txt');
export const DEMO_TOKEN = 'demo-token';
export const OTHER_TOKEN = 'other-token';
export const OTHER_CODER = 'coder.two';
export const TOKENS: [string, string][] = [
  [DEMO_TOKEN, CODER],
  [OTHER_TOKEN, OTHER_CODER],
];

let codeSets: Promise<CodeSets> | null = null;
/** Loaded once per test file: reading and indexing the packs takes a few seconds. */
export function sharedCodeSets(): Promise<CodeSets> {
  codeSets ??= loadCodeSets(undefined, CPT_FIXTURE);
  return codeSets;
}

export function tempDataDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'billing-server-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function startServer(dataDir: string, opts: Partial<BillingServerOptions> = {}): Promise<BillingServer> {
  return startBillingServer({ dataDir, tokens: TOKENS, codeSets: await sharedCodeSets(), ...opts });
}

/** Releases the samples were coded with, by code-set date (FY2027 from 2026-10-01). */
/**
 * One server for the whole test file, on a fresh data directory, closed and removed after it.
 * Returns a getter: the server exists only once `beforeAll` has run.
 */
export function serverForThisFile(opts: Partial<BillingServerOptions> = {}): () => BillingServer {
  let server: BillingServer;
  const data = tempDataDir();
  beforeAll(async () => {
    server = await startServer(data.dir, opts);
  });
  afterAll(async () => {
    await server.close();
    data.remove();
  });
  return () => server;
}

export function releasesFor(revision: EncounterRevision): CodeSetVersions {
  const date = revision.encounter.dischargeDate ?? revision.encounter.dateOfService;
  return { icd10cm: date >= '2026-10-01' ? 'FY2027' : 'FY2026', icd10pcs: 'FY2026', hcpcs: '2025-10', cpt: '2026' };
}

const samples = sampleEncounters();
/** The coded sample's revision `number` (index into the 37 samples by id). */
export function revisionOf(id: string, number = 1): EncounterRevision {
  const i = samples.findIndex((s) => s.id === id);
  if (i < 0) throw new Error(`no sample ${id}`);
  return sampleRevision(samples[i], i, number);
}

export function bundleOf(revision: EncounterRevision, coder = CODER): Bundle {
  return revisionToBundle(revision, { coder, releases: releasesFor(revision) });
}

/** A parsed answer: a Bundle, an OperationOutcome, a resource or `{status: 'ok'}`. */
export interface ReplyBody {
  resourceType?: string;
  id?: string;
  type?: string;
  status?: string;
  total?: number;
  meta?: Meta;
  entry?: BundleEntry[];
  issue?: OperationOutcomeIssue[];
  [element: string]: unknown;
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  body: ReplyBody;
}

async function reply(res: Response): Promise<Reply> {
  const text = await res.text();
  let body: ReplyBody = {};
  try {
    body = JSON.parse(text) as ReplyBody;
  } catch {
    // not JSON: the test looks at `text`
  }
  return { status: res.status, headers: res.headers, text, body };
}

export function client(server: BillingServer, token: string | null = DEMO_TOKEN) {
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  return {
    get: async (path: string, headers: Record<string, string> = {}) => reply(await fetch(`${server.url}/${path.replace(/^\//, '')}`, { headers: { ...auth, ...headers } })),
    /** POST / with a transaction: `body` as given when a string (bad JSON), else JSON. */
    push: async (body: unknown, key: string | null, headers: Record<string, string> = {}) =>
      reply(
        await fetch(`${server.url}/`, {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/fhir+json', ...(key === null ? {} : { 'Idempotency-Key': key }), ...headers },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        }),
      ),
    request: async (method: string, path: string, init: RequestInit = {}) => reply(await fetch(`${server.url}${path}`, { ...init, method, headers: { ...auth, ...(init.headers as Record<string, string>) } })),
  };
}

/** Rows per table: "nothing stored" means none of these moved. */
export function rowCounts(server: BillingServer): Record<string, number> {
  const out: Record<string, number> = {};
  for (const table of ['resources', 'resource_history', 'search_index', 'identifiers', 'transactions', 'idempotency_keys']) {
    out[table] = (server.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }
  return out;
}

/** Claims stored for an encounter, current versions. */
export function claimsOf(server: BillingServer, encounterId: string): { id: string; status: string; identifier: string }[] {
  return server.store.search('Claim', 'encounter', `Encounter/${encounterId}`).map((id) => {
    const c = server.store.get<{ resourceType: string; status: string; identifier: { value: string }[] }>('Claim', id)!;
    return { id, status: c.status, identifier: c.identifier[0].value };
  });
}
