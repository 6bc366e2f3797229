import { CodeSetFormatError } from './format-error';
import type { ReleaseFile } from './types';

/** Refuse an empty file, or a binary one (a zip or PDF picked by mistake), naming what was expected. */
export function refuseEmptyOrBinary(file: ReleaseFile, what: string): void {
  if (file.bytes.length === 0) throw new CodeSetFormatError({ file: file.name }, `the file is empty; expected ${what}`);
  const probe = file.bytes.subarray(0, 4096);
  if (probe.includes(0) || (probe[0] === 0x50 && probe[1] === 0x4b)) {
    throw new CodeSetFormatError({ file: file.name }, `this is a binary file, not ${what}`);
  }
}

/**
 * Decode a CMS text file and split it into lines (CRLF or LF). CMS text files are ASCII;
 * we accept UTF-8 (a superset) and refuse binary content up front, because a PDF or a zip
 * picked by mistake would otherwise fail much later with a puzzling "bad code" message.
 */
export function readTextLines(file: ReleaseFile, what: string, opts: { requireFinalNewline?: boolean } = {}): string[] {
  refuseEmptyOrBinary(file, what);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    const offset = firstInvalidUtf8(file.bytes);
    throw new CodeSetFormatError({ file: file.name, line: offset >= 0 ? lineAt(file.bytes, offset) : undefined }, `the file is not valid text (UTF-8/ASCII); expected ${what}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  else if (opts.requireFinalNewline) {
    // CMS ends every line, the last included, with CRLF. Without it the file was cut short,
    // and in the order file a cut inside the unpadded long title would still look valid.
    throw new CodeSetFormatError({ file: file.name, line: lines.length }, 'the file ends in the middle of this line: it is truncated');
  }
  return lines;
}

/** 1-based line of a byte offset (for errors that TextDecoder reports without a place). */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
  return line;
}

/** Offset of the first byte that starts an invalid UTF-8 sequence, or -1 (WHATWG rules). */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return i;
      const d = b[i + k];
      if (d < lo || d > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += need + 1;
  }
  return -1;
}
