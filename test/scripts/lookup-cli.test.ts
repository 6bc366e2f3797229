import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../scripts/lookup';

const ROOT = resolve(import.meta.dirname, '../..');
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/lookup.ts', ...args], { cwd: ROOT, input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

describe('npm run lookup', () => {
  it('reads the options coders and scripts pass', () => {
    expect(parseArgs(['--json', '--limit', '3', '--system', 'icd10cm', '--system', 'hcpcs', '--date', '2026-05-01', 'heart', 'failure'])).toMatchObject({
      json: true,
      query: 'heart failure',
      options: { limit: 3, systems: ['icd10cm', 'hcpcs'], date: '2026-05-01' },
    });
    expect(() => parseArgs(['--system', 'icd9', 'x'])).toThrow('--system must be one of icd10cm, hcpcs, icd10pcs, cpt, not icd9');
    expect(() => parseArgs(['--limit', '0', 'x'])).toThrow('--limit must be a whole number');
    expect(() => parseArgs(['--date', '05/01/2026', 'x'])).toThrow('--date must be YYYY-MM-DD');
    expect(() => parseArgs([])).toThrow('give a query');
    expect(() => parseArgs(['--bogus', 'x'])).toThrow('unknown option --bogus');
  });

  it('answers one query as JSON with codes without the dot', () => {
    const out = run(['--json', '--limit', '2', '--date', '2026-05-01', 'diabetes type 2 hyperglycemia']);
    expect(out.status).toBe(0);
    const answer = JSON.parse(out.stdout);
    expect(answer.results[0]).toEqual({ system: 'icd10cm', code: 'E1165', display: 'E11.65', title: 'Type 2 diabetes mellitus with hyperglycemia', billable: true, version: 'FY2026', score: expect.any(Number) });
    expect(answer.results).toHaveLength(2);
  }, 60_000);

  it('runs a batch of 1,000 queries from stdin, one JSON line each, building the index once', () => {
    const dev = (JSON.parse(readFileSync(resolve(ROOT, 'test/fixtures/lookup/dev-queries.json'), 'utf8')) as { query: string }[]).map((q) => q.query);
    const queries = Array.from({ length: 1000 }, (_, i) => dev[i % dev.length]);
    const started = performance.now();
    const out = run(['--batch', '--limit', '3', '--system', 'icd10cm', '--date', '2026-05-01'], queries.join('\n') + '\n');
    const seconds = (performance.now() - started) / 1000;
    expect(out.status).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(1000);
    expect(lines[0].query).toBe(queries[0]);
    for (const line of lines) {
      expect(line.results.length).toBeLessThanOrEqual(3);
      for (const r of line.results) {
        expect(r.system).toBe('icd10cm');
        expect(r.code).not.toContain('.');
      }
    }
    console.log(`lookup --batch: 1,000 queries in ${seconds.toFixed(1)} s (index build included)`);
  }, 120_000);

  it('says what is wrong with bad options and exits non-zero', () => {
    const out = run(['--limit', 'many', 'x']);
    expect(out.status).toBe(1);
    expect(out.stderr).toContain('lookup: --limit must be a whole number of at least 1, not many');
  });
});
