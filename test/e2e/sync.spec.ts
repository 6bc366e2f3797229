import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, test } from '@playwright/test';
import Database from 'better-sqlite3';
import { WorkstationPage } from './pages/workstation-page';
import { WorkspacePage } from './pages/workspace-page';

/**
 * The sync loop end to end: the reference billing server (real HTTP, real database file), the
 * workstation in Chromium. Three encounters are finished while the server is down; when it
 * comes back they reach it and turn to Synced without a click.
 */
const PORT = Number(process.env.E2E_BILLING_PORT ?? 4299);
const TOKEN = 'e2e-token';
let dataDir: string;
let server: { url: string; child: ChildProcess } | null = null;

/** The server as `npm run billing-server` runs it, in its own process (so stopping it is a real outage). */
function start(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--port', String(PORT), '--data', dataDir, '--token', `${TOKEN}=demo.coder`], { cwd: resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolveStart, reject) => {
    child.once('exit', (code) => reject(new Error(`billing server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const url = (JSON.parse(line) as { listening?: string }).listening;
      if (url) resolveStart({ url, child });
    });
  });
}

async function stop(s: { child: ChildProcess }): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

function claimsStored(): number {
  const db = new Database(join(dataDir, 'billing.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM resources WHERE type = 'Claim'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

test.beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'cw-e2e-billing-'));
});
test.afterAll(async () => {
  if (server) await stop(server);
  rmSync(dataDir, { recursive: true, force: true });
});

test('encounters finished offline reach the billing server once it is back, without a click', async ({ page }) => {
  test.setTimeout(240_000);
  server = await start();
  await page.addInitScript((url) => localStorage.setItem('coder-workstation.billing-server', JSON.stringify({ url, coder: 'demo.coder' })), server.url);
  const app = new WorkstationPage(page);
  await app.open();
  await app.waitUntilReady();

  // Sign in on Settings: the worklist is pulled from the server.
  await page.keyboard.press('Alt+5');
  await page.getByLabel('Sign-in token').fill(TOKEN);
  await page.getByRole('button', { name: 'Save and sign in' }).click();
  await page.keyboard.press('Alt+1');
  await expect(page.getByRole('table', { name: 'Encounters' }).locator('tbody tr')).toHaveCount(37, { timeout: 30_000 });
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Online');

  // The server goes away; the coder keeps working.
  await stop(server);
  server = null;
  const ws = new WorkspacePage(page);
  const code = async (find: string, patient: string, codes: [string, string][]) => {
    await ws.openFromWorklist(find);
    await expect(ws.header()).toContainText(patient);
    await ws.waitUntilEditsRun();
    await ws.press('Control+k');
    for (const [typed, stored] of codes) await ws.assign(typed, stored);
    await ws.press('Control+Enter');
    await expect(ws.header()).not.toContainText(patient);
  };
  await code('Thorne', 'Jessamyn K. Thorne', [
    ['n39.0', 'N390'],
    ['b96.20', 'B9620'],
  ]);
  await code('Ferreira', 'Lucas P. Ferreira', [['l02.212', 'L02212']]);
  await code('Delacroix', 'Amara N. Delacroix', [
    ['h66.001', 'H66001'],
    ['j06.9', 'J069'],
  ]);
  const syncStatus = page.getByRole('status', { name: 'Sync status' });
  await expect(syncStatus).toContainText('Offline', { timeout: 30_000 });
  await expect(syncStatus).toContainText('3 waiting to send');
  await page.keyboard.press('Alt+1');
  await page.getByLabel('Status filter').selectOption('finished');
  await expect(page.getByRole('table', { name: 'Encounters' }).locator('tbody tr')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/screens/sync-offline.png' });

  // The server comes back: no click, the outbox drains by itself.
  const backAt = Date.now();
  server = await start();
  await expect(syncStatus).toContainText('all sent', { timeout: 90_000 });
  console.log(JSON.stringify({ secondsFromServerBackToAllSent: (Date.now() - backAt) / 1000 }));
  await page.getByLabel('Status filter').selectOption('synced');
  await expect(page.getByRole('table', { name: 'Encounters' }).locator('tbody tr')).toHaveCount(3);
  await page.screenshot({ path: 'test-results/screens/sync-sent.png' });
  expect(claimsStored()).toBe(3);
});
