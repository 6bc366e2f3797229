/**
 * npm run bench:codesets — prints JSON: parse time per official file, pack sizes, and the
 * first-run load of all packs into IndexedDB in real Chromium plus the warm start to ready.
 * Not a test: numbers only, compared by hand against the targets (first run < 10 s, warm
 * start < 1.5 s). Each browser measurement uses a fresh profile and is repeated; the
 * machine is shared, so read the median and the spread, not one run.
 *
 *   npm run bench:codesets [-- --runs 3] [-- --raw <dir>]
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { parseOrderAddenda, applyAddenda } from '../../core/codesets/addenda';
import { parseHcpcsXlsx } from '../../core/codesets/hcpcs-xlsx';
import { parseIndexXml } from '../../core/codesets/index-xml';
import { parseOrderFile } from '../../core/codesets/order-file';
import type { PackManifest } from '../../core/codesets/pack';
import { parseTabularXml } from '../../core/codesets/tabular-xml';
import type { ReleaseFile } from '../../core/codesets/types';
import { DEFAULT_OUT_DIR, DEFAULT_RAW_DIR, packsPresent, buildPacks } from '../../scripts/codesets-build';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 3) || 3;
const rawDir = args.includes('--raw') ? args[args.indexOf('--raw') + 1] : DEFAULT_RAW_DIR;
const ms = (t: number) => Math.round(performance.now() - t);
const read = (rel: string): ReleaseFile => ({ name: rel.split('/').pop()!, bytes: new Uint8Array(readFileSync(join(rawDir, rel))) });
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeParse<T>(label: string, file: string, parse: () => Promise<T>) {
  const t = performance.now();
  const result = await parse();
  return { label, file, ms: ms(t), result };
}

async function parseTimes() {
  const cm = await timeParse('ICD-10-CM FY2026 order file (from the CMS zip)', 'icd10cm/FY2026/cms_2026_dx.zip', () => parseOrderFile(read('icd10cm/FY2026/cms_2026_dx.zip'), 'icd10cm'));
  const addenda = await timeParse('ICD-10-CM FY2027 addenda, parsed and applied', 'icd10cm/FY2027/icd10cm_order_addenda_2027.txt', async () => applyAddenda(cm.result, await parseOrderAddenda(read('icd10cm/FY2027/icd10cm_order_addenda_2027.txt'))));
  const steps = [
    cm,
    addenda,
    await timeParse('ICD-10-PCS FY2026 order file (from the CMS zip)', 'icd10pcs/FY2026/cms_2026_pr.zip', () => parseOrderFile(read('icd10pcs/FY2026/cms_2026_pr.zip'), 'icd10pcs')),
    await timeParse('HCPCS 2025-10 quarterly xlsx', 'hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx', () => parseHcpcsXlsx(read('hcpcs/2025-10/HCPC2025_OCT_ANWEB.xlsx'))),
    await timeParse('ICD-10-CM FY2023 Tabular List XML', 'icd10cm/FY2023-tabular-index-xml/icd10cm_tabular_2023.xml', () => parseTabularXml(read('icd10cm/FY2023-tabular-index-xml/icd10cm_tabular_2023.xml'))),
    await timeParse('ICD-10-CM FY2023 Alphabetic Index XML', 'icd10cm/FY2023-tabular-index-xml/icd10cm_index_2023.xml', () => parseIndexXml(read('icd10cm/FY2023-tabular-index-xml/icd10cm_index_2023.xml'))),
  ];
  return steps.map(({ label, file, ms: t }) => ({ label, file, bytes: statSync(join(rawDir, file)).size, ms: t }));
}

async function browserLoads(manifest: PackManifest) {
  const server = await preview({ configFile: join(import.meta.dirname, '../../vite.config.ts'), preview: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const firstRun: number[] = [];
  const warmStart: number[] = [];
  const lookupReady: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      let t = performance.now();
      await page.goto(url);
      await page.waitForSelector('.app[data-codesets=ready]', { timeout: 300_000 });
      firstRun.push(ms(t));
      // A later start: the app was used (its lookup index built) and is opened again.
      await page.waitForFunction(() => !document.querySelector('input[aria-label="Search codes"]')?.getAttribute('placeholder')?.startsWith('Preparing'), null, { timeout: 120_000 });
      t = performance.now();
      await page.reload();
      await page.waitForSelector('.app[data-codesets=ready]', { timeout: 60_000 });
      warmStart.push(ms(t));
      // The lookup index is then built in its worker from IndexedDB.
      await page.waitForFunction(() => !document.querySelector('input[aria-label="Search codes"]')?.getAttribute('placeholder')?.startsWith('Preparing'), null, { timeout: 120_000 });
      lookupReady.push(ms(t));
      await context.close();
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.httpServer.close(() => resolve()));
  }
  const records = manifest.packs.reduce((n, p) => n + p.records, 0);
  return {
    records,
    databaseRows: manifest.packs.reduce((n, p) => n + p.rows, 0),
    firstRunToReadyMs: { median: median(firstRun), min: Math.min(...firstRun), max: Math.max(...firstRun), runs: firstRun, targetMs: 10_000 },
    warmStartToReadyMs: { median: median(warmStart), min: Math.min(...warmStart), max: Math.max(...warmStart), runs: warmStart, targetMs: 1_500 },
    warmStartToLookupReadyMs: { median: median(lookupReady), min: Math.min(...lookupReady), max: Math.max(...lookupReady), runs: lookupReady },
  };
}

async function main() {
  if (!packsPresent(DEFAULT_OUT_DIR)) await buildPacks(rawDir, DEFAULT_OUT_DIR, () => {});
  const t = performance.now();
  const parse = await parseTimes();
  const parseAllMs = ms(t);
  const manifest = JSON.parse(readFileSync(join(DEFAULT_OUT_DIR, 'manifest.json'), 'utf8')) as PackManifest;
  const packs = manifest.packs.map((p) => ({ id: p.id, bytes: p.bytes, records: p.records, databaseRows: p.rows, sourceBytes: p.meta.sources.reduce((n, s) => n + s.bytes, 0) }));
  const load = await browserLoads(manifest);
  const report = {
    machine: { cores: (await import('node:os')).cpus().length, node: process.version },
    parse: { files: parse, totalMs: parseAllMs },
    packs: { files: packs, totalBytes: packs.reduce((n, p) => n + p.bytes, 0) },
    indexedDbInChromium: load,
  };
  console.log(JSON.stringify(report, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
