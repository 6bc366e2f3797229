import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMainInvokeEvent } from 'electron';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>;

const electron = vi.hoisted(() => {
  const handlers = new Map<string, Handler>();
  return {
    handlers,
    app: { getVersion: () => '0.1.0' },
    BrowserWindow: { fromWebContents: () => null },
    dialog: { showOpenDialog: vi.fn() },
    ipcMain: { handle: (channel: string, handler: Handler) => handlers.set(channel, handler) },
  };
});
vi.mock('electron', () => electron);

const { IPC_CHANNELS, MAX_CREDENTIAL_LENGTH } = await import('../../electron/shared/ipc-contract');
const { isTrustedSender, registerIpcHandlers } = await import('../../electron/main/ipc-handlers');

/** In-memory stand-ins for the services main hands the handlers. */
const credentials = {
  storeCredential: vi.fn(async (_secret: string) => ({ stored: true as const })),
  readCredential: vi.fn(async () => 'token-from-store'),
  clearCredential: vi.fn(async () => {}),
};
const showSyncNotice = vi.fn();

/** An invoke event as Electron delivers it, from a frame at `url` (or from no frame). */
const eventFrom = (url: string | null) =>
  ({ senderFrame: url === null ? null : { url }, sender: {} }) as unknown as IpcMainInvokeEvent;
const ours = eventFrom('app://workstation/index.html');

function invoke(channel: string, event: IpcMainInvokeEvent, ...args: unknown[]): Promise<unknown> {
  const handler = electron.handlers.get(channel);
  if (!handler) throw new Error(`no handler for ${channel}`);
  return handler(event, ...args);
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ipc-handlers-'));
  writeFileSync(join(dir, 'icd10cm_order_2026.txt'), 'A000 cholera');
  writeFileSync(join(dir, 'HCPC2026_JAN_ANWEB.xlsx'), new Uint8Array([0x50, 0x4b, 0x03, 0x04]));
  registerIpcHandlers({ credentials, showSyncNotice });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(() => {
  electron.dialog.showOpenDialog.mockReset();
  vi.clearAllMocks();
});

describe('registerIpcHandlers', () => {
  it('handles exactly the channels of the contract', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(Object.values(IPC_CHANNELS).sort());
  });

  it('answers app:version from our own page', async () => {
    await expect(invoke('app:version', ours)).resolves.toBe('0.1.0');
  });

  it.each([
    ['a stray argument', ['extra']],
    ['an object', [{ path: '/etc/passwd' }]],
    ['two arguments', [1, 2]],
  ])('rejects app:version with %s', async (_label, args) => {
    await expect(invoke('app:version', ours, ...args)).rejects.toThrow(/app:version refused: invalid arguments/);
  });

  it('rejects codesets:pick-files with malformed arguments before any dialog opens', async () => {
    await expect(invoke('codesets:pick-files', ours, { defaultPath: '/etc' })).rejects.toThrow(
      /codesets:pick-files refused: invalid arguments/,
    );
    expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
  });

  it.each(['https://evil.example/', 'file:///home/coder/index.html', 'app://other/index.html', null])(
    'refuses calls from %s before any dialog opens',
    async (url) => {
      await expect(invoke('codesets:pick-files', eventFrom(url))).rejects.toThrow(/not a workstation page/);
      await expect(invoke('app:version', eventFrom(url))).rejects.toThrow(/not a workstation page/);
      expect(electron.dialog.showOpenDialog).not.toHaveBeenCalled();
    },
  );

  it.each(['https://evil.example/', 'file:///home/coder/index.html', null])(
    'gives the credential and notifications to no page but ours (%s)',
    async (url) => {
      await expect(invoke('credential:read', eventFrom(url))).rejects.toThrow(/credential:read refused: the sender is not a workstation page/);
      await expect(invoke('credential:store', eventFrom(url), 'stolen?')).rejects.toThrow(/not a workstation page/);
      await expect(invoke('credential:clear', eventFrom(url))).rejects.toThrow(/not a workstation page/);
      await expect(invoke('notify:sync', eventFrom(url), { kind: 'finished', count: 1 })).rejects.toThrow(/not a workstation page/);
      expect(credentials.readCredential).not.toHaveBeenCalled();
      expect(credentials.storeCredential).not.toHaveBeenCalled();
      expect(credentials.clearCredential).not.toHaveBeenCalled();
      expect(showSyncNotice).not.toHaveBeenCalled();
    },
  );

  it('stores, reads and clears the credential for our own page', async () => {
    await expect(invoke('credential:store', ours, 'billing-token')).resolves.toEqual({ stored: true });
    expect(credentials.storeCredential).toHaveBeenCalledWith('billing-token');
    await expect(invoke('credential:read', ours)).resolves.toBe('token-from-store');
    await expect(invoke('credential:clear', ours)).resolves.toBeUndefined();
    expect(credentials.clearCredential).toHaveBeenCalledOnce();
  });

  it.each([
    ['no secret', []],
    ['an empty secret', ['']],
    ['a secret over the limit', ['x'.repeat(MAX_CREDENTIAL_LENGTH + 1)]],
    ['a number', [42]],
    ['an object', [{ secret: 'x' }]],
    ['two secrets', ['a', 'b']],
  ])('refuses credential:store with %s', async (_label, args) => {
    await expect(invoke('credential:store', ours, ...args)).rejects.toThrow(/credential:store refused: invalid arguments/);
    expect(credentials.storeCredential).not.toHaveBeenCalled();
  });

  it('accepts a secret of exactly the limit', async () => {
    await invoke('credential:store', ours, 'x'.repeat(MAX_CREDENTIAL_LENGTH));
    expect(credentials.storeCredential).toHaveBeenCalledOnce();
  });

  it('shows the sync notices the contract describes', async () => {
    await invoke('notify:sync', ours, { kind: 'finished', count: 4 });
    await invoke('notify:sync', ours, { kind: 'rejected', encounter: 'Encounter 1042', reason: 'Invalid modifier' });
    expect(showSyncNotice.mock.calls).toEqual([
      [{ kind: 'finished', count: 4 }],
      [{ kind: 'rejected', encounter: 'Encounter 1042', reason: 'Invalid modifier' }],
    ]);
  });

  it.each([
    ['an unknown kind', { kind: 'hacked', count: 1 }],
    ['a negative count', { kind: 'finished', count: -1 }],
    ['a fractional count', { kind: 'finished', count: 1.5 }],
    ['a count as text', { kind: 'finished', count: '3' }],
    ['an extra field', { kind: 'finished', count: 1, icon: 'file:///etc/passwd' }],
    ['a blank encounter', { kind: 'rejected', encounter: '   ', reason: 'x' }],
    ['no reason', { kind: 'rejected', encounter: 'Encounter 1' }],
    ['a reason longer than a notification', { kind: 'rejected', encounter: 'Encounter 1', reason: 'x'.repeat(501) }],
  ])('refuses notify:sync with %s', async (_label, notice) => {
    await expect(invoke('notify:sync', ours, notice)).rejects.toThrow(/notify:sync refused: invalid arguments/);
    expect(showSyncNotice).not.toHaveBeenCalled();
  });

  it('returns the picked files by name with their bytes, offering the release file types', async () => {
    electron.dialog.showOpenDialog.mockResolvedValue({
      canceled: false,
      filePaths: [join(dir, 'icd10cm_order_2026.txt'), join(dir, 'HCPC2026_JAN_ANWEB.xlsx')],
    });
    const files = (await invoke('codesets:pick-files', ours)) as { name: string; bytes: Uint8Array }[];
    expect(files.map((f) => f.name)).toEqual(['icd10cm_order_2026.txt', 'HCPC2026_JAN_ANWEB.xlsx']);
    expect(new TextDecoder().decode(files[0]?.bytes)).toBe('A000 cholera');
    expect([...(files[1]?.bytes ?? [])]).toEqual([0x50, 0x4b, 0x03, 0x04]);
    expect(files[0]?.bytes).toBeInstanceOf(Uint8Array);
    const [options] = electron.dialog.showOpenDialog.mock.calls[0] ?? [];
    expect(options.properties).toEqual(expect.arrayContaining(['openFile', 'multiSelections']));
    expect(options.filters[0].extensions).toEqual(['zip', 'txt', 'xml', 'xlsx', 'tsv']);
  });

  it('returns no files when the coder cancels', async () => {
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: true, filePaths: [] });
    await expect(invoke('codesets:pick-files', ours)).resolves.toEqual([]);
  });

  it('documents:pick-files offers text and PDF only, returns the picked document, and refuses arguments', async () => {
    electron.dialog.showOpenDialog.mockClear();
    electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [join(dir, 'icd10cm_order_2026.txt')] });
    const files = (await invoke('documents:pick-files', ours)) as { name: string; bytes: Uint8Array }[];
    expect(files.map((f) => f.name)).toEqual(['icd10cm_order_2026.txt']);
    const [options] = electron.dialog.showOpenDialog.mock.calls[0] ?? [];
    expect(options.filters[0].extensions).toEqual(['txt', 'pdf']);
    await expect(invoke('documents:pick-files', ours, '/etc/passwd')).rejects.toThrow(/documents:pick-files refused: invalid arguments/);
    await expect(invoke('documents:pick-files', eventFrom('https://evil.example/'))).rejects.toThrow(/not a workstation page/);
  });
});

describe('isTrustedSender', () => {
  it('trusts only frames of the workstation origin', () => {
    expect(isTrustedSender({ url: 'app://workstation/index.html' })).toBe(true);
    expect(isTrustedSender({ url: 'https://evil.example/' })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);
  });
});
