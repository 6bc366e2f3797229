import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';

/*
 * Whole-file replacement for the small files main keeps in userData (the credential, the
 * window state). Written to a temporary file beside the target, flushed, then renamed over it:
 * a rename within one directory is atomic, so a crash or power cut leaves the old file or the
 * new one, never half of each. Without the flush, a file system may commit the rename before
 * the data and leave an empty file after a power cut.
 */

/** Owner read/write only: nothing in userData is meant for other accounts on the machine. */
const FILE_MODE = 0o600;

/** A temporary name beside `path`, unique so two writes in flight never share one. */
function temporaryPath(path: string): string {
  return `${path}.${randomBytes(6).toString('hex')}.tmp`;
}

/** Replace `path` with `data` atomically. The temporary file is removed if anything fails. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const temp = temporaryPath(path);
  try {
    // `wx`: fail rather than follow anything already sitting at the temporary name.
    const handle = await open(temp, 'wx', FILE_MODE);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * The synchronous twin of {@link writeFileAtomic}, for a save that must be on disk before the
 * process may exit (the window state when the window closes): a pending asynchronous write is
 * dropped when Electron quits.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = temporaryPath(path);
  try {
    const fd = openSync(temp, 'wx', FILE_MODE);
    try {
      // Given a descriptor, writeFileSync loops until every byte is written.
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
