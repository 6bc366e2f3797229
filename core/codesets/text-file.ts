import { CodeSetFormatError } from './format-error';
import type { ReleaseFile } from './types';

/**
 * Decode a CMS text file and split it into lines (CRLF or LF). CMS text files are ASCII;
 * we accept UTF-8 (a superset) and refuse binary content up front, because a PDF or a zip
 * picked by mistake would otherwise fail much later with a puzzling "bad code" message.
 */
export function readTextLines(file: ReleaseFile, what: string, opts: { requireFinalNewline?: boolean } = {}): string[] {
  if (file.bytes.length === 0) throw new CodeSetFormatError({ file: file.name }, `the file is empty; expected ${what}`);
  const probe = file.bytes.subarray(0, 4096);
  if (probe.includes(0) || (probe[0] === 0x50 && probe[1] === 0x4b)) {
    throw new CodeSetFormatError({ file: file.name }, `this is a binary file, not ${what}`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    throw new CodeSetFormatError({ file: file.name }, `the file is not valid text (UTF-8/ASCII); expected ${what}`);
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
