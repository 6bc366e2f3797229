import { expect, type Page } from '@playwright/test';

/**
 * The worklist and the coding workspace, driven from the keyboard only. Every key press and
 * typed character is counted, so a test can report what coding an encounter costs a coder.
 */
export class WorkspacePage {
  keystrokes = 0;

  constructor(readonly page: Page) {}

  async press(key: string): Promise<void> {
    this.keystrokes++;
    await this.page.keyboard.press(key);
  }

  async type(text: string): Promise<void> {
    this.keystrokes += text.length;
    await this.page.keyboard.type(text, { delay: 25 });
  }

  /** The code sets are in and the worker can run edits (a fresh encounter shows its "nothing coded" error). */
  async waitUntilEditsRun(): Promise<void> {
    await expect(this.page.getByRole('status', { name: 'Edit summary' })).toContainText(/\d+ errors?, \d+ warnings?/, { timeout: 90_000 });
  }

  /** From the worklist: / finds, Enter opens the first match. */
  async openFromWorklist(text: string): Promise<void> {
    await this.press('Alt+1');
    await expect(this.page.getByRole('table', { name: 'Encounters' })).toBeVisible();
    await this.press('/');
    await this.type(text);
    await this.press('Enter');
    await expect(this.page.getByRole('region', { name: 'Encounter' })).toBeVisible();
  }

  get search() {
    return this.page.getByRole('region', { name: 'Coding' }).getByLabel('Search codes');
  }

  /** Type into the lookup and wait until `code` is the highlighted result, then Enter assigns it. */
  async assign(typed: string, code: string): Promise<void> {
    await expect(this.search).toBeFocused();
    await this.type(typed);
    await expect(this.page.locator('#coding-results [aria-selected="true"]')).toHaveAttribute('data-code', code);
    await this.press('Enter');
  }

  diagnoses() {
    return this.page.getByRole('region', { name: 'Diagnoses' }).locator('li[data-dx]');
  }

  lines() {
    return this.page.getByRole('region', { name: 'Procedure lines' }).locator('tr[data-line]');
  }

  findings() {
    return this.page.getByRole('region', { name: 'Edits' }).locator('li.finding');
  }

  header() {
    return this.page.locator('.encounter-head');
  }

  /** Finished revisions as stored in IndexedDB (the app's own database, read in the page). */
  async revisions(encounterId: string): Promise<{ number: number; encounter: { coding: { diagnoses: { code: string; evidence: unknown[] }[]; procedures: { code: string; modifiers: string[]; pointers: string[] }[] }; acknowledgements: { key: string; by: string; at: string }[] } }[]> {
    return this.page.evaluate(
      (id) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open('coder-workstation');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const req = open.result.transaction('revisions').objectStore('revisions').getAll();
            req.onsuccess = () => resolve((req.result as { encounterId: string; number: number }[]).filter((r) => r.encounterId === id).sort((a, b) => a.number - b.number) as never);
            req.onerror = () => reject(req.error);
          };
        }),
      encounterId,
    );
  }
}
