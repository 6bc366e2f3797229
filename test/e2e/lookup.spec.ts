import { expect, test } from '@playwright/test';
import { WorkstationPage } from './pages/workstation-page';

test('typing a query key by key and picking a result with the keyboard', async ({ page }) => {
  const app = new WorkstationPage(page);
  await app.open();
  await app.waitUntilReady();
  // The app opens on the worklist; Alt+3 is the Lookup screen.
  await page.keyboard.press('Alt+3');
  await app.waitUntilLookupReady();
  await page.getByLabel('Date of service').fill('2026-05-01');

  const box = page.getByLabel('Search codes');
  await box.focus();
  // Key by key, as a coder types, with a short pause between keys.
  await box.pressSequentially('diabetes type 2 hyperglyc', { delay: 40 });
  const results = app.lookupResults();
  await expect(results.first()).toHaveAttribute('data-code', 'E1165');
  await expect(results.first()).toContainText('Type 2 diabetes mellitus with hyperglycemia');
  await expect(results.first()).toContainText('ICD-10-CM FY2026');
  await expect(results.first().locator('mark').first()).toHaveText('Type');

  // Arrow down and back up, then Enter picks; the detail shows its Tabular context.
  await page.keyboard.press('ArrowDown');
  await expect(results.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  const detail = page.getByRole('complementary', { name: 'Code detail' });
  await expect(detail).toContainText('Picked E11.65');
  await expect(detail).toContainText('Tabular List FY2023');
  await expect(detail).toContainText('Excludes1');
  await expect(detail).toContainText('Use additional code');
  await page.screenshot({ path: 'test-results/screens/lookup-results.png' });

  // A misspelled first letter still finds the code, and the screen says what was searched.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await expect(box).toHaveValue('');
  await box.pressSequentially('neumonia', { delay: 30 });
  await expect(results.first()).toHaveAttribute('data-code', 'J189');
  await expect(page.getByRole('status', { name: 'Lookup status' })).toContainText('searched for “pneumonia”');

  // Ctrl+K brings the coder back to the search box from anywhere.
  await page.keyboard.press('Alt+4');
  await expect(page.getByRole('heading', { name: 'Code sets' })).toBeVisible();
  await page.keyboard.press('Control+k');
  await expect(box).toBeFocused();

  // A code with 7th characters shows them in the detail.
  await box.fill('');
  await box.pressSequentially('s52.501a', { delay: 30 });
  await expect(results.first()).toHaveAttribute('data-code', 'S52501A');
  await expect(detail).toContainText('7th character: initial encounter for closed fracture');
  await expect(detail).toContainText('7th characters (from S52)');
});
