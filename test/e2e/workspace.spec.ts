import { expect, test } from '@playwright/test';
import { WorkstationPage } from './pages/workstation-page';
import { WorkspacePage } from './pages/workspace-page';
import { buildPdf } from '../fixtures/pdf-builder';

/**
 * The coding workspace as a coder uses it: keyboard only, on the shipped sample encounters
 * (demo mode), with the real code sets and edits. Screenshots go to test-results/screens.
 */
test.beforeEach(async ({ page }) => {
  const app = new WorkstationPage(page);
  await app.open();
  await app.waitUntilReady();
});

test('keyboard only: three diagnoses, two lines with modifiers and pointers, evidence, finish, and the next encounter opens', async ({ page }) => {
  const ws = new WorkspacePage(page);
  await expect(page.getByRole('table', { name: 'Encounters' }).locator('tbody tr')).toHaveCount(37);
  await page.screenshot({ path: 'test-results/screens/worklist.png' });
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard map' })).toContainText('Ctrl+Enter');
  await page.screenshot({ path: 'test-results/screens/keyboard-map.png' });
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Keyboard map' })).toHaveCount(0);
  const started = Date.now();
  ws.keystrokes = 0;

  await ws.openFromWorklist('ankle injury');
  await expect(ws.header()).toContainText('Tobias W. Lindqvist');
  await ws.waitUntilEditsRun();

  // Evidence first: find the words in the note (Enter selects them), then the code.
  await ws.press('Alt+f');
  await ws.type('ankle sprain');
  await ws.press('Enter');
  await expect(page.getByLabel('Selected evidence')).toContainText('ankle sprain');
  await ws.press('Control+k');
  // S93.401 needs a 7th character: the picker takes the letter.
  await ws.assign('s93.401', 'S93401');
  await expect(page.getByRole('group', { name: '7th character' })).toBeVisible();
  await ws.press('a');
  await expect(ws.diagnoses().nth(0)).toContainText('S93.401A');
  await expect(ws.diagnoses().nth(0)).toContainText('Evidence 1');

  await ws.press('Alt+f');
  await ws.press('Control+a');
  await ws.type('fall from sidewalk curb');
  await ws.press('Enter');
  await ws.press('Control+k');
  await ws.assign('w10.1xxa', 'W101XXA');
  await ws.assign('y92.480', 'Y92480');
  await expect(ws.diagnoses()).toHaveCount(3);

  // Two HCPCS lines: the supplies the note says were dispensed.
  await ws.assign('L1906', 'L1906');
  await ws.assign('E0114', 'E0114');
  await expect(ws.lines()).toHaveCount(2);
  await ws.press('Alt+p'); // line 1, modifiers
  await ws.type('RT');
  await ws.press('Tab'); // units
  await ws.press('Tab'); // date
  await ws.press('Tab'); // pointers
  await ws.type('A');
  await ws.press('Tab'); // line 2, modifiers
  await ws.type('NU');
  await ws.press('Tab');
  await ws.press('Tab');
  await ws.press('Tab');
  await ws.type('A');
  await expect(page.getByLabel('Modifiers, line 1')).toHaveValue('RT');
  await expect(page.getByLabel('Modifiers, line 2')).toHaveValue('NU');
  await expect(page.getByRole('status', { name: 'Save state' })).toHaveText('All changes saved');
  await page.screenshot({ path: 'test-results/screens/workspace-coded.png' });

  // Finish: the MUE warnings (DME on a practitioner claim) are acknowledged in the dialog.
  const finishPressed = Date.now();
  await ws.press('Control+Enter');
  const dialog = page.getByRole('dialog', { name: /Acknowledge \d+ warnings? to finish/ });
  await expect(dialog).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/finish-acknowledge.png' });
  await ws.press('Control+Enter');

  // The next encounter opens, ready to code.
  await expect(ws.header()).not.toContainText('Tobias W. Lindqvist');
  await expect(ws.search).toBeFocused();
  const handOverMs = Number(await page.locator('body').getAttribute('data-finish-to-next-ms'));
  const seconds = (finishPressed - started) / 1000;
  test.info().annotations.push({ type: 'measured', description: JSON.stringify({ keystrokes: ws.keystrokes, secondsToCode: seconds, finishToNextMs: handOverMs }) });
  console.log(JSON.stringify({ encounter: 'enc-0014', keystrokes: ws.keystrokes, secondsToCode: seconds, finishToNextReadyMs: handOverMs }));

  const [revision] = await ws.revisions('enc-0014');
  expect(revision.number).toBe(1);
  expect(revision.encounter.coding.diagnoses.map((d) => d.code)).toEqual(['S93401A', 'W101XXA', 'Y92480']);
  expect(revision.encounter.coding.diagnoses[0].evidence).toEqual([{ documentId: expect.any(String), start: expect.any(Number), end: expect.any(Number), text: 'ankle sprain' }]);
  expect(revision.encounter.coding.diagnoses[1].evidence).toHaveLength(1);
  expect(revision.encounter.coding.procedures.map((p) => [p.code, p.modifiers, p.pointers])).toEqual([
    ['L1906', ['RT'], ['dx-1']],
    ['E0114', ['NU'], ['dx-1']],
  ]);
  expect(revision.encounter.acknowledgements.length).toBeGreaterThan(0);
  for (const a of revision.encounter.acknowledgements) expect(a.by).toBe('demo.coder');
});

test('a header code and an Excludes1 pair block Finish until fixed; an acknowledged warning is stored', async ({ page }) => {
  const ws = new WorkspacePage(page);
  await ws.openFromWorklist('podiatry');
  await ws.waitUntilEditsRun();
  await ws.press('Control+k');
  await ws.assign('m77.3', 'M773'); // a header: calcaneal spur needs its side
  await ws.assign('e10.9', 'E109');
  // The detail beside the results shows the Tabular notes in effect (E11's Excludes1).
  await ws.type('e11.9');
  await expect(page.getByRole('complementary', { name: 'Code detail' })).toContainText('Excludes1');
  await page.screenshot({ path: 'test-results/screens/code-detail-notes.png' });
  await ws.press('Enter');
  await ws.assign('L4397', 'L4397');

  await ws.press('Control+Enter');
  await expect(page.getByRole('alert')).toContainText('Finish blocked');
  await expect(ws.findings().filter({ hasText: 'M77.3' }).first()).toHaveAttribute('data-edit', 'header-code');
  await expect(page.locator('li.finding[data-edit="excludes1"]')).toContainText('E10.9');
  await page.screenshot({ path: 'test-results/screens/finish-blocked.png' });
  await expect(ws.header()).toContainText('In progress');

  // Fix: remove the header and E10.9 (Alt+D, Delete), assign the specific code.
  await ws.press('Alt+d');
  await ws.press('Delete'); // M77.3
  await ws.press('Delete'); // E10.9, focus stays at the top
  await expect(ws.diagnoses()).toHaveCount(1);
  await ws.press('Control+k');
  await ws.assign('m77.31', 'M7731');
  // The line still points at the removed header: the pointer edit says so; point it at B.
  await expect(page.locator('li.finding.error[data-edit="pointer-out-of-range"]')).toBeVisible();
  await ws.press('Alt+p');
  await ws.press('Tab');
  await ws.press('Tab');
  await ws.press('Tab');
  await ws.type('B');
  await expect(page.locator('li.finding.error')).toHaveCount(0);

  // The remaining warning is acknowledged from the edits list (Alt+E, Enter).
  const warning = page.locator('li.finding.warning').first();
  const warningKey = await warning.getAttribute('data-edit');
  await ws.press('Alt+e');
  await ws.press('Enter');
  await expect(page.locator('li.finding.acknowledged')).toHaveCount(1);
  await ws.press('Control+Enter');
  await expect(ws.header()).not.toContainText('Rosalind J. Achebe');

  const [revision] = await ws.revisions('enc-0024');
  expect(revision.encounter.coding.diagnoses.map((d) => d.code)).toEqual(['E119', 'M7731']);
  expect(revision.encounter.acknowledgements).toHaveLength(1);
  expect(revision.encounter.acknowledgements[0]).toMatchObject({ key: expect.stringContaining(warningKey!), by: 'demo.coder' });
});

test('a reload in the middle of an edit keeps every change and reopens the same encounter', async ({ page }) => {
  const ws = new WorkspacePage(page);
  await ws.openFromWorklist('Thorne');
  await ws.waitUntilEditsRun();
  await ws.press('Alt+f');
  await ws.type('Urinary tract infection');
  await ws.press('Enter');
  await ws.press('Control+k');
  await ws.assign('n39.0', 'N390');
  await ws.assign('b96.20', 'B9620');
  await ws.assign('J3301', 'J3301');
  await ws.press('Alt+p');
  await ws.type('RT 59');
  await ws.press('Tab');
  await ws.type('4');
  // No waiting for "saved": the reload comes straight after the last keystroke.
  await page.reload();
  await new WorkstationPage(page).waitUntilReady();

  await expect(ws.header()).toContainText('Jessamyn K. Thorne');
  await expect(ws.header()).toContainText('In progress');
  await expect(ws.diagnoses()).toHaveCount(2);
  await expect(ws.diagnoses().nth(0)).toContainText('N39.0');
  await expect(ws.diagnoses().nth(0)).toContainText('Evidence 1');
  await expect(page.getByLabel('Modifiers, line 1')).toHaveValue('RT 59');
  await expect(page.getByLabel('Units, line 1')).toHaveValue('4');
  await expect(page.getByLabel('Pointers, line 1')).toHaveValue('A');
});

test('reopening a finished encounter makes revision 2 and keeps revision 1', async ({ page }) => {
  const ws = new WorkspacePage(page);
  await ws.openFromWorklist('incision and drainage');
  await ws.waitUntilEditsRun();
  await ws.press('Control+k');
  await ws.assign('l02.212', 'L02212');
  await ws.press('Control+Enter');
  await expect(ws.header()).not.toContainText('Lucas P. Ferreira');

  // Find it again among all statuses and reopen it.
  await ws.press('Alt+1');
  await page.getByLabel('Status filter').selectOption('all');
  await ws.press('/');
  await ws.type('Ferreira');
  await ws.press('Enter');
  await expect(ws.header()).toContainText('Finished');
  await ws.press('Alt+o');
  await ws.type('Provider addendum documents fever');
  await ws.press('Control+Enter');
  await expect(page.getByLabel('Revision')).toHaveText('Revision 2');
  await expect(ws.header()).toContainText('In progress');
  await expect(ws.header()).toContainText('rev 1');

  await ws.press('Control+k');
  await ws.assign('r50.9', 'R509');
  await ws.press('Control+Enter');
  await expect(ws.header()).not.toContainText('Lucas P. Ferreira');

  const revisions = await ws.revisions('enc-0029');
  expect(revisions.map((r) => r.number)).toEqual([1, 2]);
  expect(revisions[0].encounter.coding.diagnoses.map((d) => d.code)).toEqual(['L02212']);
  expect(revisions[1].encounter.coding.diagnoses.map((d) => d.code)).toEqual(['L02212', 'R509']);
});

test('a long inpatient record: notes in tabs, find in note, look up the selection, code-set date from discharge', async ({ page }) => {
  const ws = new WorkspacePage(page);
  await ws.openFromWorklist('heart failure');
  await ws.waitUntilEditsRun();
  const tabs = page.getByRole('tablist', { name: 'Notes' }).getByRole('tab');
  await expect(tabs).toHaveCount(3);
  // Admitted 2026-09-29, discharged 2026-10-03: the stay is coded from the FY2027 release.
  await expect(page.getByRole('region', { name: 'Coding' })).toContainText('codes for 2026-10-03');
  await ws.press('Alt+]');
  await ws.press('Alt+]');
  await expect(tabs.nth(2)).toHaveAttribute('aria-selected', 'true');
  await ws.press('Alt+f');
  await ws.type('cardiomyopathy');
  await ws.press('Enter');
  await ws.press('Alt+l');
  await expect(ws.search).toHaveValue('cardiomyopathy');
  await expect(page.locator('#coding-results [role="option"]').first()).toBeVisible();
  await expect(page.locator('.doc-text mark.term').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/long-note.png' });
  // Inpatient: procedures are looked up in ICD-10-PCS, and POA is asked for.
  await ws.press('Escape');
  await ws.assign('i50.23', 'I5023');
  await expect(page.locator('li.finding[data-edit="poa-missing"]')).toBeVisible();
  await ws.press('Alt+d');
  await ws.press('p');
  await expect(ws.diagnoses().nth(0)).toContainText('POA Y');
  await expect(page.locator('li.finding[data-edit="poa-missing"]')).toHaveCount(0);
});

test('a PDF from this computer: added with Alt+A, shown as laid out, its text found and cited as evidence', async ({ page }) => {
  const ws = new WorkspacePage(page);
  await ws.openFromWorklist('inguinal');
  await ws.waitUntilEditsRun();
  const chooser = page.waitForEvent('filechooser');
  await ws.press('Alt+a');
  await (await chooser).setFiles({ name: 'surgeon-addendum.pdf', mimeType: 'application/pdf', buffer: Buffer.from(buildPdf([['OPERATIVE ADDENDUM', 'Hernia was on the right side, reducible.']])) });
  const tabs = page.getByRole('tablist', { name: 'Notes' }).getByRole('tab');
  await expect(tabs.last()).toHaveText('surgeon-addendum.pdf');
  await ws.press('Alt+]');
  await expect(tabs.last()).toHaveAttribute('aria-selected', 'true');
  await ws.press('Alt+v');
  await expect(page.getByLabel('PDF: surgeon-addendum.pdf')).toHaveAttribute('data-pages', '1', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/screens/pdf-document.png' });
  await ws.press('Alt+v');
  await ws.press('Alt+f');
  await ws.type('right side');
  await ws.press('Enter');
  await ws.press('Control+k');
  await ws.assign('k40.90', 'K4090');
  await expect(ws.diagnoses().nth(0)).toContainText('Evidence 1');
});
