import { expect, type Page } from '@playwright/test';

/** The workstation as a coder sees it: screens, the load progress, the lookup, Code sets. */
export class WorkstationPage {
  constructor(readonly page: Page) {}

  async open(): Promise<void> {
    await this.page.goto('/');
  }

  get loadProgress() {
    return this.page.getByRole('progressbar');
  }

  async waitUntilReady(timeout = 90_000): Promise<void> {
    await expect(this.page.locator('.app')).toHaveAttribute('data-codesets', 'ready', { timeout });
  }

  /** The lookup index is built in its worker after the code sets are in. */
  async waitUntilLookupReady(timeout = 60_000): Promise<void> {
    await expect(this.page.getByLabel('Search codes')).not.toHaveAttribute('placeholder', /Preparing/, { timeout });
  }

  async lookUp(query: string, dateOfService?: string): Promise<void> {
    await this.page.keyboard.press('Alt+3');
    await this.waitUntilLookupReady();
    if (dateOfService) await this.page.getByLabel('Date of service').fill(dateOfService);
    const box = this.page.getByLabel('Search codes');
    await box.fill('');
    await box.pressSequentially(query);
  }

  lookupResults() {
    return this.page.getByRole('listbox', { name: 'Results' }).getByRole('option');
  }

  resultRow(code: string) {
    return this.page.getByRole('listbox', { name: 'Results' }).locator(`[data-code="${code}"]`);
  }

  async openCodeSets(): Promise<void> {
    await this.page.keyboard.press('Alt+4');
    await expect(this.page.getByRole('heading', { name: 'Code sets' })).toBeVisible();
  }

  releaseRows() {
    return this.page.getByRole('table', { name: 'Installed releases' }).locator('tbody tr');
  }

  /** The installed release whose id starts with `idPrefix` (system-content-version). */
  release(idPrefix: string) {
    return this.page.locator(`tr[data-release^="${idPrefix}-"]`);
  }

  /** Import files through the Import button's file chooser, as a coder would. */
  async importFiles(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    const chooser = this.page.waitForEvent('filechooser');
    await this.page.getByRole('button', { name: 'Import release files…' }).click();
    await (await chooser).setFiles(files);
  }
}
