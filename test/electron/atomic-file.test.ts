import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../electron/main/atomic-file';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'atomic-file-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ['writeFileAtomic', (path: string, data: string) => writeFileAtomic(path, data)],
  ['writeFileAtomicSync', async (path: string, data: string) => writeFileAtomicSync(path, data)],
])('%s', (_name, write) => {
  it('replaces the file whole and leaves nothing else beside it', async () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, 'old');
    await write(file, 'new contents');
    expect(readFileSync(file, 'utf8')).toBe('new contents');
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('keeps the old file, and removes its temporary file, when the replacement fails', async () => {
    // A directory where the file should be: the write succeeds, the rename over it fails.
    const target = join(dir, 'state.json');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'old');
    await expect(write(target, 'new')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['state.json']);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('old');
  });

  it.skipIf(process.platform === 'win32')('is readable by its owner only', async () => {
    const file = join(dir, 'secret');
    await write(file, 'x');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
