/**
 * npm run lookup -- [options] "query"
 *
 *   --json            one JSON object instead of a table
 *   --limit N         results per query (default 10)
 *   --system S        icd10cm | hcpcs | icd10pcs | cpt (repeatable; default all)
 *   --date YYYY-MM-DD date of service: the release of each code set in effect then
 *   --billable        billable codes only
 *   --batch           one query per line on stdin, one JSON line per query on stdout
 *   --packs DIR       code-set packs (default resources/codesets; built when missing)
 *
 * The index is built once per process, so a batch of a thousand queries takes seconds.
 */
import { createInterface } from 'node:readline';
import { CodeSetFormatError } from '../core/codesets/format-error';
import type { CodeSystem } from '../core/codesets/types';
import { corpusFromStoredReleases } from '../core/search/corpus-from-rows';
import { LookupEngine, type LookupOptions, type LookupResult } from '../core/search/lookup-engine';
import { buildPacks, DEFAULT_OUT_DIR, DEFAULT_RAW_DIR, packsPresent } from './codesets-build';
import { loadStoredReleases } from './load-packs';

const SYSTEMS: CodeSystem[] = ['icd10cm', 'hcpcs', 'icd10pcs', 'cpt'];

interface CliArgs {
  json: boolean;
  batch: boolean;
  packs: string;
  options: LookupOptions;
  query: string;
}

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { json: false, batch: false, packs: DEFAULT_OUT_DIR, options: { limit: 10 }, query: '' };
  const words: string[] = [];
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--json') args.json = true;
    else if (a === '--batch') args.batch = true;
    else if (a === '--billable') args.options.billableOnly = true;
    else if (a === '--limit') {
      const n = Number(value(i++, a));
      if (!Number.isInteger(n) || n < 1) throw new Error(`--limit must be a whole number of at least 1, not ${argv[i]}`);
      args.options.limit = n;
    } else if (a === '--system') {
      const s = value(i++, a) as CodeSystem;
      if (!SYSTEMS.includes(s)) throw new Error(`--system must be one of ${SYSTEMS.join(', ')}, not ${s}`);
      (args.options.systems ??= []).push(s);
    } else if (a === '--date') {
      const d = value(i++, a);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(d) || Number.isNaN(Date.parse(d))) throw new Error(`--date must be YYYY-MM-DD, not ${d}`);
      args.options.date = d;
    } else if (a === '--packs') args.packs = value(i++, a);
    else if (a.startsWith('--')) throw new Error(`unknown option ${a}`);
    else words.push(a);
  }
  args.query = words.join(' ');
  if (!args.batch && !args.query) throw new Error('give a query, or --batch to read queries from stdin');
  return args;
}

/** The JSON shape of one result line (codes without the dot in `code`). */
export function resultJson(r: LookupResult) {
  return { system: r.system, code: r.code, display: r.display, title: r.title, billable: r.billable, version: r.version, score: r.score };
}

async function main(argv: string[]): Promise<void> {
  const args = parseArgs(argv);
  if (!packsPresent(args.packs)) {
    if (args.packs !== DEFAULT_OUT_DIR) throw new Error(`no code-set packs in ${args.packs}`);
    await buildPacks(DEFAULT_RAW_DIR, DEFAULT_OUT_DIR, () => {});
  }
  const engine = new LookupEngine(corpusFromStoredReleases(loadStoredReleases(args.packs)).corpus);
  if (args.batch) {
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      const query = line.trim();
      if (!query) continue;
      const answer = engine.search(query, args.options);
      process.stdout.write(`${JSON.stringify({ query, results: answer.results.map(resultJson) })}\n`);
    }
    return;
  }
  const answer = engine.search(args.query, args.options);
  if (args.json) {
    console.log(JSON.stringify({ query: args.query, corrections: answer.corrections, results: answer.results.map(resultJson) }, null, 2));
    return;
  }
  if (answer.corrections.length) console.log(`searched for: ${answer.corrections.map((c) => `${c.typed} -> ${c.searched}`).join(', ')}`);
  if (answer.results.length === 0) console.log('no codes found');
  for (const r of answer.results) {
    console.log(`${r.display.padEnd(9)} ${r.billable ? 'billable' : r.kind === 'modifier' ? 'modifier' : 'header  '} ${`${r.system} ${r.version}`.padEnd(17)} ${r.title}`);
  }
}

if (process.argv[1]?.endsWith('lookup.ts')) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`lookup: ${error instanceof CodeSetFormatError || error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
