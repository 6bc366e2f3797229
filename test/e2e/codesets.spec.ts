import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { expect, test } from '@playwright/test';
import { WorkstationPage } from './pages/workstation-page';

const FIXTURES = resolve(import.meta.dirname, '../fixtures');

test('a fresh profile loads the code sets with progress, finds E11.65, and a reload keeps the data', async ({ page }) => {
  const app = new WorkstationPage(page);
  await app.open();
  await expect(app.loadProgress).toBeVisible();
  await expect.poll(async () => Number(await app.loadProgress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(5);
  await expect(page.getByText(/Installing code sets on this computer — .+/)).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/load-progress.png' });
  await app.waitUntilReady();

  await app.lookUp('E11.65', '2026-05-01');
  const row = app.resultRow('E1165');
  await expect(row).toContainText('E11.65');
  await expect(row).toContainText('Type 2 diabetes mellitus with hyperglycemia');
  await expect(row).toContainText('ICD-10-CM FY2026');
  await expect(row).toContainText('Billable');
  await page.screenshot({ path: 'test-results/screens/lookup.png' });

  // A date of service after 2026-10-01 is coded from FY2027, which the addenda built.
  await app.lookUp('C78.31', '2026-11-02');
  await expect(app.resultRow('C7831')).toContainText('ICD-10-CM FY2027');
  await app.lookUp('C78.31', '2026-09-30');
  await expect(page.getByText('No codes found for “C78.31”.')).toBeVisible();

  const packRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('.cwpack')) packRequests.push(r.url());
  });
  await page.reload();
  await app.waitUntilReady(10_000);
  expect(packRequests, 'a warm start must not read the packs again').toEqual([]);
  await app.lookUp('e1165', '2026-05-01');
  await expect(app.resultRow('E1165')).toContainText('Type 2 diabetes mellitus with hyperglycemia');
});

test('a load cut short by closing the app resumes and completes', async ({ context }) => {
  const first = await context.newPage();
  const app = new WorkstationPage(first);
  await app.open();
  // Close the app once part of the data is written.
  await expect.poll(async () => Number(await app.loadProgress.getAttribute('aria-valuenow')), { timeout: 60_000 }).toBeGreaterThan(20);
  await first.close();

  const second = await context.newPage();
  const again = new WorkstationPage(second);
  await again.open();
  await again.waitUntilReady();
  await again.openCodeSets();
  await expect(again.releaseRows()).toHaveCount(9);
  await expect(again.release('icd10cm-codes-FY2027')).toContainText('74,879 billable · 23,524 headers');
  await expect(again.release('icd10cm-codes-FY2026')).toContainText('74,719 billable · 23,467 headers');
  await expect(again.release('icd10pcs-codes-FY2026')).toContainText('79,115 billable · 914 headers');
  await expect(again.release('hcpcs-codes-2025-10')).toContainText('8,463 codes · 383 modifiers');
  await again.lookUp('M48.40XA', '2026-05-01');
  await expect(again.resultRow('M4840XA')).toBeVisible();
});

test('Code sets: a damaged file is refused with its name and nothing changes; a licensed CPT file installs', async ({ page }) => {
  const app = new WorkstationPage(page);
  await app.open();
  await app.waitUntilReady();
  await app.openCodeSets();
  await expect(app.releaseRows()).toHaveCount(9);

  // The first 45 lines of the real order file, then a truncated line 46.
  const order = readFileSync(resolve(FIXTURES, '../../../shared/codesets/raw/icd10cm/FY2026/icd10cm_order_2026.txt'), 'latin1');
  const damaged = Buffer.from(`${order.split('\r\n').slice(0, 45).join('\r\n')}\r\n00046 A047    0 Enterocolitis due to Clostridium\r\n`, 'latin1');
  await app.importFiles([{ name: 'icd10cm_order_2026.txt', mimeType: 'text/plain', buffer: damaged }]);
  const error = page.getByRole('alert');
  await expect(error).toContainText('Import failed; nothing was installed.');
  await expect(error).toContainText('icd10cm_order_2026.txt, line 46');
  await expect(app.releaseRows()).toHaveCount(9);
  await page.screenshot({ path: 'test-results/screens/import-error.png' });

  await app.importFiles([{ name: 'cpt-synthetic-2026.txt', mimeType: 'text/plain', buffer: readFileSync(resolve(FIXTURES, 'cpt-synthetic-2026.txt')) }]);
  await expect(page.getByRole('status').filter({ hasText: 'Installed CPT 2026 codes' })).toBeVisible({ timeout: 30_000 });
  await expect(app.releaseRows()).toHaveCount(10);
  await expect(app.release('cpt-codes-2026')).toContainText('43 codes');
  await page.screenshot({ path: 'test-results/screens/codesets.png', fullPage: true });

  await app.lookUp('9921', '2026-05-01');
  await expect(app.resultRow('99213')).toContainText('CPT 2026');
});
