/** Reading the non-UTF-8 CMS files the same way in Node, browsers and workers. */
import { describe, expect, it } from 'vitest';
import { decodeLegacyText, decodeWindows1252 } from '../../../../core/coding/data/legacy-text';
import { thrown } from '../../codesets/expect-format-error';

describe('decodeLegacyText', () => {
  it('reads Windows-1252 punctuation as the characters CMS typed, not C1 controls', () => {
    // From the MCE file: "patient’s" (0x92) and "0–17" (0x96); 0xAE is the ® of the MUE notice.
    expect(decodeWindows1252(Uint8Array.of(0x62, 0x92, 0x73))).toBe('b’s');
    expect(decodeLegacyText({ name: 'x.txt', bytes: Uint8Array.of(0x30, 0x96, 0x31, 0x37, 0x20, 0xae) }, 'a file')).toBe('0–17 ®');
    // The five bytes Windows-1252 leaves undefined stay as they are.
    expect(decodeWindows1252(Uint8Array.of(0x81, 0x9d))).toBe('\u0081\u009d');
  });

  it('reads a file re-saved as UTF-8 as UTF-8, without its byte order mark', () => {
    expect(decodeLegacyText({ name: 'x.txt', bytes: new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('0–17 ®')]) }, 'a file')).toBe('0–17 ®');
  });

  it('refuses an empty or binary file, naming it', () => {
    expect(thrown(() => decodeLegacyText({ name: 'x.txt', bytes: new Uint8Array() }, 'an MCE file')).message).toBe('x.txt: the file is empty; expected an MCE file');
    expect(thrown(() => decodeLegacyText({ name: 'x.csv', bytes: Uint8Array.of(0x50, 0x4b, 3, 4, 0) }, 'an MUE table')).message).toBe('x.csv: this is a binary file, not an MUE table');
  });
});
