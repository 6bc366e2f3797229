import { describe, expect, it } from 'vitest';
import { base64ToText, textToBase64 } from '../../../core/fhir/base64-text';
import { canonicalJson } from '../../../core/fhir/canonical-json';
import { stableUuid } from '../../../core/fhir/stable-uuid';

/** The small encodings the FHIR mapping leans on: a wrong byte here is a garbled note or a replay the server cannot recognise. */
describe('FHIR encodings', () => {
  it('base64 of UTF-8 text matches Node for every length and script, and refuses what is not base64', () => {
    const texts = ['', 'a', 'ab', 'abc', 'abcd', 'Pt c/o pain 7/10 — “sharp”', '体温 38.2°C', '😀🩺', 'x'.repeat(10_001)];
    for (const t of texts) {
      expect(textToBase64(t)).toBe(Buffer.from(t, 'utf8').toString('base64'));
      expect(base64ToText(textToBase64(t))).toBe(t);
    }
    expect(base64ToText('SGVs\nbG8=')).toBe('Hello');
    expect(() => base64ToText('abc')).toThrow('not base64');
    expect(() => base64ToText('//79')).toThrow(); // bytes ff fe fd: not UTF-8
  });

  it('canonical JSON is the same whatever the key order, and differs when a value does', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: undefined })).toBe('{"a":[{"c":"x","d":null}],"b":1}');
    expect(canonicalJson(JSON.parse('{"x":1,"y":{"b":2,"a":3}}'))).toBe(canonicalJson({ y: { a: 3, b: 2 }, x: 1 }));
    expect(canonicalJson({ a: 1 })).not.toBe(canonicalJson({ a: '1' }));
  });

  it('stable UUIDs are valid RFC 9562 version 8 UUIDs, the same for the same name and distinct across 100,000 names', () => {
    expect(stableUuid('enc-0014/r1/claim')).toBe(stableUuid('enc-0014/r1/claim'));
    expect(stableUuid('enc-0014/r1/claim')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) for (const part of ['claim', 'provenance', 'dx-1', 'dx-2', 'dx-12']) seen.add(stableUuid(`enc-${i}/r${(i % 3) + 1}/${part}`));
    expect(seen.size).toBe(100_000);
  });
});
