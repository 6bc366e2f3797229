/**
 * A UUID derived from a name, so the same revision always gets the same `urn:uuid:` fullUrls
 * and its bundle is byte-identical on every retry (the server compares hashes). Not for
 * secrecy or global uniqueness beyond the names used: the names are workstation identifiers
 * (`enc-0014/r1/claim`), already unique.
 *
 * 128 bits from four 32-bit FNV-1a variants (different offset bases), shaped as a version 8
 * ("custom") UUID per RFC 9562.
 */
const SEEDS = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];

function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  // Final avalanche (murmur3 fmix32) so names differing in one character differ everywhere.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

export function stableUuid(name: string): string {
  const hex = SEEDS.map((s) => fnv1a(name, s).toString(16).padStart(8, '0')).join('');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
