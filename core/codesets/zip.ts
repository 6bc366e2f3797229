import { unzipSync } from 'fflate';
import { CodeSetFormatError } from './format-error';
import type { ReleaseFile } from './types';

/** True when the bytes start with a zip local-file header ("PK\3\4"). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** Names of the members of a zip, without decompressing anything. */
export function zipMemberNames(zip: ReleaseFile): string[] {
  const names: string[] = [];
  unzipOrExplain(zip, (info) => {
    names.push(info.name);
    return false;
  });
  return names;
}

/**
 * Read one member of a CMS release zip (e.g. `icd10cm_order_2026.txt` inside
 * `2026-code-descriptions-tabular-order.zip`). Only the wanted member is inflated. The
 * member is matched on its base name, since CMS sometimes nests files in a folder.
 */
export function readZipMember(zip: ReleaseFile, matches: (baseName: string) => boolean, wanted: string): ReleaseFile {
  const seen: string[] = [];
  const files = unzipOrExplain(zip, (info) => {
    seen.push(info.name);
    return matches(baseName(info.name));
  });
  const found = Object.keys(files);
  if (found.length === 0) {
    const listing = seen.length ? seen.join(', ') : 'no files';
    throw new CodeSetFormatError({ file: zip.name }, `the zip has no ${wanted}; it holds ${listing}`);
  }
  if (found.length > 1) {
    throw new CodeSetFormatError({ file: zip.name }, `the zip holds more than one ${wanted}: ${found.join(', ')}`);
  }
  const member = found[0];
  return { name: baseName(member), bytes: files[member] };
}

function unzipOrExplain(zip: ReleaseFile, filter: (info: { name: string }) => boolean): Record<string, Uint8Array> {
  if (!looksLikeZip(zip.bytes)) {
    throw new CodeSetFormatError({ file: zip.name }, 'this is not a zip file');
  }
  try {
    return unzipSync(zip.bytes, { filter });
  } catch (error) {
    throw new CodeSetFormatError({ file: zip.name }, `the zip is damaged or truncated (${(error as Error).message})`);
  }
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
