/**
 * npm run bench:lookup — prints JSON comparing, in one run on the full code sets:
 *   (a) baseline: plain fuse.js over the same entries (code and title; the obvious implementation)
 *   (b) the lookup engine (core/search)
 * Per-keystroke latency (each query typed character by character), index build time and
 * memory, and relevance (recall@1/@3/@10, MRR) on the dev query set and on queries derived
 * from the Alphabetic Index. The baseline takes seconds per keystroke, so it runs on a seeded
 * sample of keystrokes and queries; the engine is measured on the same sample and on all.
 * Not a test: numbers to read against the targets, never tuned to them.
 *
 *   npm run bench:lookup [-- --sample 60] [-- --every 40] [-- --date 2026-05-01]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Fuse from 'fuse.js';
import { parseIndexXml } from '../../core/codesets/index-xml';
import { parseOrderFile } from '../../core/codesets/order-file';
import { corpusFromStoredReleases } from '../../core/search/corpus-from-rows';
import { firstHit, indexDerivedQueries, relevance, type EvalQuery } from '../../core/search/evaluate';
import { LookupEngine } from '../../core/search/lookup-engine';
import type { SearchEntry } from '../../core/search/search-corpus';
import { buildPacks, DEFAULT_OUT_DIR, DEFAULT_RAW_DIR, packsPresent } from '../../scripts/codesets-build';
import { loadStoredReleases } from '../../scripts/load-packs';

const args = process.argv.slice(2);
const arg = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const SAMPLE = Number(arg('--sample', '60'));
const EVERY = Number(arg('--every', '40'));
const DATE = arg('--date', '2026-05-01');
const ROOT = resolve(import.meta.dirname, '../..');

/** Plain fuse.js as a developer would first write it: every entry, code and title, typos allowed anywhere. */
const BASELINE_OPTIONS = { keys: ['code', 'title'], includeScore: true, ignoreLocation: true, threshold: 0.4 };

function percentiles(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { keystrokes: s.length, p50: r(at(0.5)), p95: r(at(0.95)), max: r(s[s.length - 1]) };
}

/** A seeded shuffle (mulberry32): the same sample every run, so runs compare. */
function sample<T>(items: T[], n: number, seed = 20261127): T[] {
  let a = seed;
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy.slice(0, n);
}

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

async function main() {
  if (!packsPresent(DEFAULT_OUT_DIR)) await buildPacks(DEFAULT_RAW_DIR, DEFAULT_OUT_DIR, () => {});
  const stored = loadStoredReleases(DEFAULT_OUT_DIR);

  let heap0 = heapMb();
  let t = performance.now();
  const engine = new LookupEngine(corpusFromStoredReleases(stored).corpus);
  const engineBuildMs = performance.now() - t;
  const engineHeapMb = heapMb() - heap0;
  const entries = engine.corpus.entries;

  heap0 = heapMb();
  t = performance.now();
  const baseline = new Fuse<SearchEntry>(entries, BASELINE_OPTIONS);
  const baselineBuildMs = performance.now() - t;
  const baselineHeapMb = heapMb() - heap0;

  const dev = (JSON.parse(readFileSync(join(ROOT, 'test/fixtures/lookup/dev-queries.json'), 'utf8')) as EvalQuery[]).map((q) => ({ ...q, query: q.query }));
  const index = await parseIndexXml({ name: 'icd10cm_index_2023.xml', bytes: new Uint8Array(readFileSync(join(DEFAULT_RAW_DIR, 'icd10cm/FY2023-tabular-index-xml/icd10cm_index_2023.xml'))) });
  const fy2026 = await parseOrderFile({ name: 'cms_2026_dx.zip', bytes: new Uint8Array(readFileSync(join(DEFAULT_RAW_DIR, 'icd10cm/FY2026/cms_2026_dx.zip'))) }, 'icd10cm');
  const fromIndex = indexDerivedQueries(index, fy2026, EVERY);

  const engineRanks = (queries: EvalQuery[]) => queries.map((q) => firstHit(engine.search(q.query, { date: DATE, limit: 10 }).results.map((r) => r.code), q.expected));
  const baselineRanks = (queries: EvalQuery[]) => queries.map((q) => firstHit(baseline.search(q.query, { limit: 10 }).map((r) => r.item.code), q.expected));

  // Latency: every prefix of every dev query, as typed.
  const keystrokes = dev.flatMap((q) => [...q.query].map((_, i) => q.query.slice(0, i + 1)));
  for (const k of keystrokes.slice(0, 200)) engine.search(k, { date: DATE }); // warm the JIT
  const engineMs = keystrokes.map((k) => {
    const s = performance.now();
    engine.search(k, { date: DATE });
    return performance.now() - s;
  });
  const sampledKeystrokes = sample(keystrokes, SAMPLE);
  // Each side starts from a collected heap: a multi-second baseline search leaves garbage whose
  // collection would otherwise land in the engine's next measurement (and the other way round).
  const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
  const timeBoth = (k: string) => {
    gc();
    let s = performance.now();
    baseline.search(k, { limit: 10 });
    const b = performance.now() - s;
    gc();
    s = performance.now();
    engine.search(k, { date: DATE });
    return { b, e: performance.now() - s };
  };
  const paired = sampledKeystrokes.map(timeBoth);

  const devSample = sample(dev, SAMPLE);
  const indexSample = sample(fromIndex, SAMPLE);
  const byKind = (queries: EvalQuery[], ranks: number[]) => {
    const kinds = [...new Set(queries.map((q) => q.kind ?? ''))];
    return Object.fromEntries(kinds.map((k) => [k, relevance(ranks.filter((_, i) => (queries[i].kind ?? '') === k))]));
  };
  const devRanks = engineRanks(dev);
  const indexRanks = engineRanks(fromIndex);
  const enginePaired = percentiles(paired.map((p) => p.e));
  const baselinePaired = percentiles(paired.map((p) => p.b));
  const report = {
    machine: { cores: (await import('node:os')).cpus().length, node: process.version, date: DATE },
    build: {
      engine: { ms: Math.round(engineBuildMs), heapMb: Math.round(engineHeapMb), entries: entries.length, vocabulary: engine.index.vocabulary.length, targetMs: 3000 },
      baseline: { ms: Math.round(baselineBuildMs), heapMb: Math.round(baselineHeapMb), entries: entries.length },
    },
    keystrokeLatencyMs: {
      engineAllKeystrokes: percentiles(engineMs),
      sampled: { engine: enginePaired, baseline: baselinePaired, speedupAtP95: Math.round(baselinePaired.p95 / Math.max(0.001, enginePaired.p95)) },
      targets: { p95Ms: 10, speedupAtP95: 50 },
    },
    relevance: {
      devSet: { engine: relevance(devRanks), engineByKind: byKind(dev, devRanks), targetRecallAt10: 0.9 },
      devSample: { engine: relevance(engineRanks(devSample)), baseline: relevance(baselineRanks(devSample)) },
      indexSet: { queries: fromIndex.length, every: EVERY, engine: relevance(indexRanks), engineByKind: byKind(fromIndex, indexRanks) },
      indexSample: { engine: relevance(engineRanks(indexSample)), baseline: relevance(baselineRanks(indexSample)) },
    },
    missesOnDevSet: dev.filter((_, i) => devRanks[i] === 0 || devRanks[i] > 3).map((q) => ({ query: q.query, expected: q.expected, rank: devRanks[dev.indexOf(q)], got: engine.search(q.query, { date: DATE, limit: 3 }).results.map((r) => r.code) })),
  };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
