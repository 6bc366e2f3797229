/**
 * Text <-> base64 of its UTF-8 bytes, as FHIR carries notes in `Attachment.data`. Written out
 * here because core/ runs where `Buffer` (Node) or `btoa` (browsers, and Latin-1 only) may be
 * missing; notes are a few kilobytes, so a plain loop is fast enough.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));

export function textToBase64(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += ALPHABET[(n >> 18) & 63] + ALPHABET[(n >> 12) & 63];
    out += i + 1 < bytes.length ? ALPHABET[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.length ? ALPHABET[n & 63] : '=';
  }
  return out;
}

/** Decodes base64 (whitespace ignored) as UTF-8; throws on anything that is not base64 of valid UTF-8. */
export function base64ToText(data: string): string {
  const clean = data.replace(/\s+/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) throw new Error('not base64');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const bytes = new Uint8Array((clean.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < clean.length; i += 4) {
    const n = (VALUE.get(clean[i])! << 18) | (VALUE.get(clean[i + 1])! << 12) | ((VALUE.get(clean[i + 2]) ?? 0) << 6) | (VALUE.get(clean[i + 3]) ?? 0);
    if (o < bytes.length) bytes[o++] = (n >> 16) & 255;
    if (o < bytes.length) bytes[o++] = (n >> 8) & 255;
    if (o < bytes.length) bytes[o++] = n & 255;
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
}
