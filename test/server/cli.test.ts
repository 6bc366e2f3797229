import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../server/main';
import { bundleOf, revisionOf, tempDataDir } from './billing-fixture';

/**
 * `npm run billing-server` as an operator, the start script and the sync tests run it: flags
 * and environment, one JSON line naming the URL when ready, a clean stop on SIGTERM, and a
 * clear refusal to start without the code-set packs it validates against.
 */
const ROOT = resolve(import.meta.dirname, '../..');

describe('npm run billing-server', () => {
  it('reads flags and the environment; flags win', () => {
    expect(parseArgs([], {})).toMatchObject({ port: 8787, dataDir: resolve('server-data'), tokens: [['demo-token', 'demo.coder']] });
    expect(parseArgs([], { BILLING_PORT: '0', BILLING_DATA_DIR: '/tmp/b', BILLING_TOKENS: 'a=demo.coder, b=coder.two', BILLING_CPT_FILE: 'cpt.txt' })).toMatchObject({
      port: 0,
      dataDir: '/tmp/b',
      tokens: [
        ['a', 'demo.coder'],
        ['b', 'coder.two'],
      ],
      cptFile: resolve('cpt.txt'),
    });
    expect(parseArgs(['--port', '9000', '--data', '/srv/x', '--token', 'demo-token=demo.coder', '--token', 'other=coder.two', '--no-seed'], { BILLING_PORT: '1', BILLING_TOKENS: 'env=x' })).toMatchObject({
      port: 9000,
      dataDir: '/srv/x',
      seed: false,
      tokens: [
        ['demo-token', 'demo.coder'],
        ['other', 'coder.two'],
      ],
    });
    expect(() => parseArgs(['--port', 'http'], {})).toThrow('--port must be a port number');
    expect(() => parseArgs(['--token', 'nocoder'], {})).toThrow('a token is TOKEN=CODER, not nocoder');
    expect(() => parseArgs(['--verbose'], {})).toThrow('unknown option --verbose');
  });

  it('starts on a free port, prints {"listening": url}, serves, and stops on SIGTERM', async () => {
    const data = tempDataDir();
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--data', data.dir, '--token', 'cli-token=demo.coder'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    try {
      const line = await new Promise<string>((resolveLine, reject) => {
        createInterface({ input: child.stdout }).once('line', resolveLine);
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
      });
      const { listening } = JSON.parse(line) as { listening: string };
      expect(listening).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await (await fetch(`${listening}/health`)).json()).toEqual({ status: 'ok' });
      expect(stderr).toContain('37 tasks');

      // Without a licensed CPT file, CPT codes are stored unchecked and the answer says so.
      const r = await fetch(`${listening}/`, {
        method: 'POST',
        headers: { Authorization: 'Bearer cli-token', 'Content-Type': 'application/fhir+json', 'Idempotency-Key': 'cli-1' },
        body: JSON.stringify(bundleOf(revisionOf('enc-0001'))),
      });
      expect(r.status).toBe(200);
      const answer = (await r.json()) as { entry: { response: { location: string; outcome?: { issue: { severity: string; diagnostics: string }[] } } }[] };
      const claim = answer.entry.find((e) => e.response.location.startsWith('Claim/'))!;
      expect(claim.response.outcome!.issue[0]).toMatchObject({ severity: 'warning', diagnostics: expect.stringContaining('no licensed CPT release is installed on this server') });

      const exited = new Promise<number | null>((done) => child.once('exit', done));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
      data.remove();
    }
  });

  it('refuses to start without the code-set packs, saying how to build them', () => {
    const data = tempDataDir();
    try {
      const out = spawnSync(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', '0', '--data', data.dir, '--codesets', resolve(data.dir, 'no-packs-here')], { cwd: ROOT, encoding: 'utf8' });
      expect(out.status).toBe(1);
      expect(out.stdout).toBe('');
      expect(out.stderr).toContain('billing-server: no code-set packs in');
      expect(out.stderr).toContain('npm run codesets:build');
    } finally {
      data.remove();
    }
  });
});
