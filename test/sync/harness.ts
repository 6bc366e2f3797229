import Database from 'better-sqlite3';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Encounter } from '../../core/coding/encounter';
import type { CancelSignal, Clock } from '../../core/sync/ports';
import { seedOnce } from '../../server/seed';
import { DATABASE_FILE, ResourceStore } from '../../server/store';

/**
 * What the sync fault tests share: the real clock, the billing server as a child process on
 * a real SQLite file, a data directory seeded with the test's worklist, and readers of what
 * the server ended up holding.
 */
const ROOT = resolve(import.meta.dirname, '../..');

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms: number, signal?: CancelSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

/** A fresh data directory whose worklist holds exactly `encounters` (ready Tasks for demo.coder). */
export function seededDataDir(encounters: Encounter[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'cw-sync-'));
  const store = new ResourceStore(dir);
  try {
    seedOnce(store, () => encounters);
  } finally {
    store.close();
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** `npx tsx server/main.ts --port 0 --data <dir> --token …`, as an operator runs it. */
export class ServerProcess {
  private constructor(
    readonly child: ChildProcess,
    readonly url: string,
    readonly stderr: string[],
  ) {}

  static async start(dataDir: string, tokens: [string, string][] = [['demo-token', 'demo.coder']]): Promise<ServerProcess> {
    const args = ['--import', 'tsx', 'server/main.ts', '--port', '0', '--data', dataDir, ...tokens.flatMap(([t, c]) => ['--token', `${t}=${c}`])];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const stderr: string[] = [];
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => stderr.push(chunk));
    const url = await new Promise<string>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      const fail = (why: string) => reject(new Error(`billing server did not start (${why}): ${stderr.join('').slice(-2000)}`));
      const timer = setTimeout(() => fail('no listening line within 60 s'), 60_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve((JSON.parse(line) as { listening: string }).listening);
        } catch {
          fail(`unexpected first line ${line}`);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(`exited with ${code}`);
      });
    });
    return new ServerProcess(child, url, stderr);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** SIGKILL: no shutdown handler runs, as when the machine loses power or the process is killed. */
  async kill(): Promise<void> {
    if (!this.running) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    await exited;
  }
}

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number, describe?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${describe ? `: ${describe()}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface ClaimRow {
  id: string;
  identifier: string;
  encounter: string;
  revision: number;
  status: string;
  versions: number;
}

/** Every Claim the server holds, read straight from its SQLite file (read-only; WAL lets it read while the server runs). */
export function claimsInDatabase(dataDir: string): { claims: ClaimRow[]; transactions: number; keys: number; appliedKeys: string[] } {
  const db = new Database(join(dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare<[], { id: string; json: string }>("SELECT id, json FROM resources WHERE type = 'Claim' ORDER BY id").all();
    const versions = new Map(db.prepare<[], { id: string; n: number }>("SELECT id, count(*) AS n FROM resource_history WHERE type = 'Claim' GROUP BY id").all().map((r) => [r.id, r.n]));
    const claims = rows.map((r) => {
      const claim = JSON.parse(r.json) as { status: string; identifier?: { system?: string; value?: string }[] };
      const identifier = claim.identifier?.find((i) => i.system === 'urn:coder-workstation:id')?.value ?? '';
      const m = identifier.match(/^(.+)\/r(\d+)\/claim$/);
      return { id: r.id, identifier, encounter: m?.[1] ?? '', revision: Number(m?.[2] ?? 0), status: claim.status, versions: versions.get(r.id) ?? 0 };
    });
    const transactions = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM transactions').get()!.n;
    const keys = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM idempotency_keys').get()!.n;
    // The key each transaction was applied under, in the order the server committed them.
    const appliedKeys = db.prepare<[], { k: string }>('SELECT idempotency_key AS k FROM transactions ORDER BY tx_id').all().map((r) => r.k);
    return { claims, transactions, keys, appliedKeys };
  } finally {
    db.close();
  }
}

/**
 * Checks that the server holds exactly one claim per expected revision (`enc/rN`), none
 * other for those encounters, each created once and never rewritten except to be cancelled,
 * and that for each encounter only its latest revision's claim is active. Returns the
 * problems found (empty when all is well), so a failure names them all.
 */
export function claimProblems(dataDir: string, expected: string[]): string[] {
  const encounters = new Set(expected.map((id) => id.replace(/\/r\d+$/, '')));
  const claims = claimsInDatabase(dataDir).claims.filter((c) => encounters.has(c.encounter));
  const problems: string[] = [];
  const byRevision = new Map<string, ClaimRow[]>();
  for (const c of claims) byRevision.set(`${c.encounter}/r${c.revision}`, [...(byRevision.get(`${c.encounter}/r${c.revision}`) ?? []), c]);
  for (const id of expected) {
    const n = byRevision.get(id)?.length ?? 0;
    if (n !== 1) problems.push(`${id}: ${n} claims`);
  }
  const wanted = new Set(expected);
  for (const id of byRevision.keys()) if (!wanted.has(id)) problems.push(`${id}: a claim nobody sent`);
  const latest = new Map<string, number>();
  for (const id of expected) {
    const [, enc, r] = id.match(/^(.+)\/r(\d+)$/)!;
    latest.set(enc, Math.max(latest.get(enc) ?? 0, Number(r)));
  }
  for (const c of claims) {
    const shouldBe = latest.get(c.encounter) === c.revision ? 'active' : 'cancelled';
    if (c.status !== shouldBe) problems.push(`${c.identifier}: ${c.status}, expected ${shouldBe}`);
    // Version 1 on create; version 2 only when a later revision cancelled it.
    if (c.versions !== (shouldBe === 'active' ? 1 : 2)) problems.push(`${c.identifier}: ${c.versions} versions`);
  }
  return problems;
}
