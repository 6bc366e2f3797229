/**
 * npm run bench:sync [-- --encounters 500]
 *
 * Prints JSON: on a fresh data directory seeded with N encounters (copies of the sample
 * encounters the server can check, under new ids, through the server's own seeding code),
 * with the billing server started as a child process on loopback:
 *   - worklist pull: `GET /Task?owner=…&status=ready&_include=Task:focus&_include=Encounter:subject
 *     &_revinclude=DocumentReference:encounter` of all N with their notes (cold, then warm
 *     median), and the incremental pull that follows (`_lastUpdated=gt…`, nothing changed);
 *   - drain: N finished revisions (bundles built beforehand by core/fhir) sent by the
 *     SyncRunner over the Node fetch transport, from one kick to the last `sent`, and the
 *     requests it made per encounter.
 * The outbox is in memory here (the renderer's is Dexie). No baseline: nothing earlier to
 * compare with. Not a test; never fails on timing.
 */
import { cpus, totalmem } from 'node:os';
import { SyncRunner } from '../../core/sync/sync-runner';
import { FakeCredentials, MemoryOutboxStore } from '../core/sync/fakes';
import { ServerProcess, claimsInDatabase, realClock, removeDir, seededDataDir } from '../sync/harness';
import { NodeTransport } from '../sync/node-transport';
import { acceptedSamples, encountersOf, outboxEntries, planRevisions } from '../sync/revisions';

const args = process.argv.slice(2);
const N = Number(args.includes('--encounters') ? args[args.indexOf('--encounters') + 1] : '500');
const TOKEN = 'demo-token';
const ms = (x: number) => Math.round(x * 10) / 10;

async function pull(url: string, query: string): Promise<{ ms: number; bytes: number; status: number; body: { total?: number; entry?: { resource: { resourceType: string } }[]; meta?: { lastUpdated?: string } } }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/Task?${query}`, { headers: { authorization: `Bearer ${TOKEN}`, accept: 'application/fhir+json' } });
  const text = await res.text();
  const body = JSON.parse(text);
  return { ms: performance.now() - t0, bytes: Buffer.byteLength(text), status: res.status, body };
}

async function main(): Promise<void> {
  const plan = planRevisions(acceptedSamples(), N, 'bench', Number.MAX_SAFE_INTEGER);
  const t0 = performance.now();
  const dataDir = seededDataDir(encountersOf(plan));
  const seedMs = performance.now() - t0;
  let server: ServerProcess | null = null;
  try {
    const t1 = performance.now();
    server = await ServerProcess.start(dataDir, [[TOKEN, 'demo.coder']]);
    const startMs = performance.now() - t1;

    // Worklist pull of all N with their documents.
    const query = 'owner=Practitioner/demo.coder&status=ready&_include=Task:focus&_include=Encounter:subject&_revinclude=DocumentReference:encounter';
    const cold = await pull(server.url, query);
    if (cold.status !== 200 || cold.body.total !== N) throw new Error(`worklist pull answered ${cold.status} with ${cold.body.total} tasks, expected ${N}`);
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push((await pull(server.url, query)).ms);
    warm.sort((a, b) => a - b);
    const counts: Record<string, number> = {};
    for (const e of cold.body.entry ?? []) counts[e.resource.resourceType] = (counts[e.resource.resourceType] ?? 0) + 1;
    const since = await pull(server.url, `${query}&_lastUpdated=gt${cold.body.meta?.lastUpdated}`);

    // Drain N finished revisions.
    const t2 = performance.now();
    const entries = outboxEntries(plan);
    const buildMs = performance.now() - t2;
    const bundleBytes = entries.reduce((n, e) => n + Buffer.byteLength(e.bundle), 0);
    const store = new MemoryOutboxStore().add(...entries);
    const transport = new NodeTransport(server.url);
    const runner = new SyncRunner({ store, transport, credentials: new FakeCredentials(TOKEN), clock: realClock });
    const t3 = performance.now();
    const result = await runner.drain();
    const drainMs = performance.now() - t3;
    const sent = [...store.rows.values()].filter((e) => e.state === 'sent').length;
    if (result.kind !== 'done' || sent !== N) throw new Error(`drain ended ${JSON.stringify(result)} with ${sent}/${N} sent: ${runner.status().lastError}`);
    const db = claimsInDatabase(dataDir);

    console.log(
      JSON.stringify(
        {
          machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform },
          encounters: N,
          setup: { seedDataDirMs: ms(seedMs), serverStartMs: ms(startMs) },
          worklistPull: {
            tasks: cold.body.total,
            resources: counts,
            bytes: cold.bytes,
            coldMs: ms(cold.ms),
            warmMedianMs: ms(warm[2]),
            warmMinMs: ms(warm[0]),
            incrementalNothingChanged: { tasks: since.body.total, ms: ms(since.ms) },
          },
          drain: {
            revisions: N,
            bundleBuildMs: ms(buildMs),
            bundleBytesAvg: Math.round(bundleBytes / N),
            drainMs: ms(drainMs),
            perEncounterMs: ms(drainMs / N),
            encountersPerSecond: Math.round((N / drainMs) * 1000),
            requests: { send: transport.counts.send, health: transport.counts.health },
            requestsPerEncounter: Math.round(((transport.counts.send + transport.counts.health) / N) * 1000) / 1000,
            serverClaims: db.claims.length,
            serverTransactions: db.transactions,
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await server?.kill();
    removeDir(dataDir);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
