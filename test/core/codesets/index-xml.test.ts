import { beforeAll, describe, expect, it } from 'vitest';
import { flattenIndex, parseIndexXml } from '../../../core/codesets/index-xml';
import type { AlphabeticIndex, IndexPath, IndexTerm } from '../../../core/codesets/index-xml';
import { sha256Hex } from '../../../core/codesets/checksum';
import type { ReleaseFile } from '../../../core/codesets/types';
import { rawFile } from '../raw-files';
import { formatError } from './expect-format-error';

const INDEX_PATH = 'icd10cm/FY2023-tabular-index-xml/icd10cm_index_2023.xml';
const TABULAR_PATH = 'icd10cm/FY2023-tabular-index-xml/icd10cm_tabular_2023.xml';

// Read once: the 9.5 MB file is shared by the parse in beforeAll and the truncation test.
let indexFile: ReleaseFile | undefined;
const realIndex = (): ReleaseFile => (indexFile ??= rawFile(INDEX_PATH));

const xmlFile = (text: string, name = 'icd10cm_index_2023.xml'): ReleaseFile => ({ name, bytes: new TextEncoder().encode(text) });

/** Lines 1-6 of a minimal index; the test body starts on line 7. */
const HEAD = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<ICD10CM.index>',
  '  <version>2023</version>',
  '  <title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>',
  '  <letter>',
  '    <title>A</title>',
].join('\n');
const TAIL = '\n  </letter>\n</ICD10CM.index>\n';
const minimal = (...lines: string[]): ReleaseFile => xmlFile(`${HEAD}\n${lines.join('\n')}${TAIL}`);

/** Follow a path of essential titles from a main term down. */
function termAt(index: AlphabeticIndex, path: string[]): IndexTerm {
  const [main, ...rest] = path;
  let term = index.letters.flatMap((l) => l.mainTerms).find((t) => t.title === main);
  for (const title of rest) term = term?.terms.find((t) => t.title === title);
  if (term === undefined) throw new Error(`no index entry ${path.join(' > ')}`);
  return term;
}

function countTerms(terms: IndexTerm[]): number {
  let n = 0;
  for (const t of terms) n += 1 + countTerms(t.terms);
  return n;
}

describe('parseIndexXml on the FY2023 Alphabetic Index', () => {
  let file: ReleaseFile;
  let index: AlphabeticIndex;
  let flat: IndexPath[];
  let xmlText: string;

  beforeAll(async () => {
    file = realIndex();
    index = await parseIndexXml(file);
    flat = flattenIndex(index);
    xmlText = new TextDecoder().decode(file.bytes);
  });

  it('carries the release metadata of FY2023', async () => {
    expect(index.meta).toEqual({
      system: 'icd10cm',
      content: 'index',
      version: 'FY2023',
      effectiveFrom: '2022-10-01',
      effectiveTo: '2023-09-30',
      sources: [{ name: 'icd10cm_index_2023.xml', sha256: await sha256Hex(file.bytes), bytes: 9_514_109 }],
    });
    expect(index.meta.sources[0].sha256).toBe('caab6cb0915550a91330ad782f569988f71b77a5a3273144a03cac52bd6fd771');
    expect(index.title).toBe('ICD-10-CM INDEX TO DISEASES and INJURIES');
  });

  it('reads every letter, main term and subterm', () => {
    expect(index.letters).toHaveLength(26);
    expect(index.letters.map((l) => l.letter).join('')).toBe('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
    const mainTerms = index.letters.flatMap((l) => l.mainTerms);
    expect(mainTerms).toHaveLength(8_060);
    const subterms = countTerms(mainTerms) - mainTerms.length;
    expect(subterms).toBe(72_058);
    expect(subterms).toBe(xmlText.match(/<term[\s>]/g)?.length);
  });

  it('reads every code, manifestation, subcategory and cross-reference', () => {
    const all: IndexTerm[] = [];
    const walk = (t: IndexTerm): void => {
      all.push(t);
      t.terms.forEach(walk);
    };
    index.letters.forEach((l) => l.mainTerms.forEach(walk));
    const codes = all.flatMap((t) => t.codes);
    // 61,983 <code> + 760 <manif> + 130 <subcat>, less the one <manif>SCFE</manif> that is not a code.
    expect(codes).toHaveLength(61_983 + 759 + 130);
    expect(codes.filter((c) => c.manifestation)).toHaveLength(759);
    expect(all.filter((t) => t.see !== undefined)).toHaveLength(12_077);
    expect(all.filter((t) => t.seeAlso !== undefined)).toHaveLength(1_997);
    expect(all.filter((t) => t.seeCategory !== undefined)).toHaveLength(15);
    expect(all.filter((t) => t.nonessential.length > 0).length).toBeGreaterThan(12_000);
    expect(all.reduce((max, t) => Math.max(max, t.level), 0)).toBe(9);
  });

  it('reads a main term with a code', () => {
    expect(termAt(index, ["Aarskog's syndrome"])).toEqual({
      title: "Aarskog's syndrome",
      printedTitle: "Aarskog's syndrome",
      nonessential: [],
      codes: [{ code: 'Q8719', display: 'Q87.19', incomplete: false }],
      level: 0,
      terms: [],
    });
  });

  it('separates nonessential modifiers from the essential title', () => {
    const abasia = termAt(index, ['Abasia']);
    expect(abasia.printedTitle).toBe('Abasia (-astasia) (hysterical)');
    expect(abasia.nonessential).toEqual(['(-astasia)', '(hysterical)']);
    expect(abasia.codes).toEqual([{ code: 'F444', display: 'F44.4', incomplete: false }]);

    const diabetes = termAt(index, ['Diabetes, diabetic']);
    expect(diabetes.printedTitle).toBe('Diabetes, diabetic (mellitus) (sugar)');
    expect(diabetes.nonessential).toEqual(['(mellitus)', '(sugar)']);

    // Text after the modifier stays in place: <title>vein<nemod>(peripheral)</nemod> NEC</title>.
    const vein = termAt(index, ['Aberrant', 'vein NEC']);
    expect(vein.printedTitle).toBe('vein (peripheral) NEC');
    expect(vein.nonessential).toEqual(['(peripheral)']);
    expect(vein.codes[0].display).toBe('Q27.8');
    // Plural and spelling variants stay glued as printed: Ache(s), Klein(e)-Levin.
    expect(termAt(index, ['Ache']).printedTitle).toBe('Ache(s)');
    expect(termAt(index, ['Klein-Levin syndrome']).printedTitle).toBe('Klein(e)-Levin syndrome');
    // Words CDC wraps inside <nemod> but outside parentheses are essential.
    const xanthoma = termAt(index, ['Xanthoma, xanthomatosis']);
    expect(xanthoma.printedTitle).toBe('Xanthoma(s), xanthomatosis (primary) (familial) (hereditary)');
    expect(xanthoma.nonessential).toEqual(['(s)', '(primary)', '(familial)', '(hereditary)']);
  });

  it('reads see and see also', () => {
    const abandonment = termAt(index, ['Abandonment']);
    expect(abandonment.see).toBe('Maltreatment');
    expect(abandonment.codes).toEqual([]);
    const abdomen = termAt(index, ['Abdomen, abdominal']);
    expect(abdomen.seeAlso).toBe('condition');
    expect(abdomen.terms.map((t) => [t.title, t.codes[0].display])).toEqual([
      ['acute', 'R10.0'],
      ['angina', 'K55.1'],
      ['muscle deficiency syndrome', 'Q79.4'],
    ]);
  });

  it('follows Diabetes > type 2 > with > hyperglycemia to E11.65', () => {
    const term = termAt(index, ['Diabetes, diabetic', 'type 2', 'with', 'hyperglycemia']);
    expect(term.level).toBe(3);
    expect(term.codes).toEqual([{ code: 'E1165', display: 'E11.65', incomplete: false }]);
    expect(flat).toContainEqual({
      path: ['Diabetes, diabetic', 'type 2', 'with', 'hyperglycemia'],
      codes: [{ code: 'E1165', display: 'E11.65', incomplete: false }],
    });
    // The default type (E11) under Diabetes > with > hyperglycemia, level 2.
    expect(termAt(index, ['Diabetes, diabetic', 'with', 'hyperglycemia']).codes[0].display).toBe('E11.65');
  });

  it('reads the deepest entries (level 9)', () => {
    const path = [
      'Arteriosclerosis, arteriosclerotic',
      'with',
      'critical limb ischemia',
      'bypass graft',
      'autologous vein graft',
      'leg',
      'left',
      'with',
      'ulceration',
      'ankle',
    ];
    const term = termAt(index, path);
    expect(term.level).toBe(9);
    expect(term.codes).toEqual([{ code: 'I70443', display: 'I70.443', incomplete: false }]);
    expect(termAt(index, path.slice(0, -1)).printedTitle).toBe('ulceration (and intermittent claudication and rest pain)');
  });

  it('marks incomplete codes (trailing dash) and subcategories', () => {
    expect(termAt(index, ['Fracture, traumatic', 'acetabulum']).codes).toEqual([{ code: 'S3240', display: 'S32.40-', incomplete: true }]);
    expect(termAt(index, ['Aversion', 'oral', 'newborn']).codes).toEqual([{ code: 'P92', display: 'P92.-', incomplete: true }]);
    // <subcat>H81.8</subcat> is printed H81.8- : more characters are required.
    expect(termAt(index, ["Bonnier's syndrome"]).codes).toEqual([{ code: 'H818', display: 'H81.8-', incomplete: true }]);
  });

  it('marks manifestation codes, after their etiology code', () => {
    const amyloid = termAt(index, ['Amyloid heart']);
    expect(amyloid.nonessential).toEqual(['(disease)']);
    expect(amyloid.codes).toEqual([
      { code: 'E854', display: 'E85.4', incomplete: false },
      { code: 'I43', display: 'I43', incomplete: false, manifestation: true },
    ]);
    // FY2023 tags the abbreviation SCFE as <manif>; it is kept as bracketed text, not a code.
    const scfe = termAt(index, ['Slipped, slipping', 'epiphysis', 'capital femoral']);
    expect(scfe.codes).toEqual([]);
    expect(scfe.nonessential).toEqual(['(traumatic)', '[SCFE]']);
  });

  it('reads see category', () => {
    const term = termAt(index, ['Arthritis, arthritic', 'due to or associated with', 'infectious disease NEC']);
    expect(term.seeCategory).toBe('M01');
    expect(term.codes).toEqual([]);
  });

  it('flattens every entry that leads to a code or a cross-reference', () => {
    // Terms with a <code>, <manif>, <subcat>, <see>, <seeAlso> or <seecat> child: 75,243 in the
    // XML, less "capital femoral", whose only such child is <manif>SCFE</manif>.
    expect(flat).toHaveLength(75_242);
    expect(flat.every((p) => p.codes.length > 0 || p.see !== undefined || p.seeAlso !== undefined || p.seeCategory !== undefined)).toBe(true);
    expect(flat[0]).toEqual({ path: ["Aarskog's syndrome"], codes: [{ code: 'Q8719', display: 'Q87.19', incomplete: false }] });
    expect(flat[1]).toEqual({ path: ['Abandonment'], codes: [], see: 'Maltreatment' });
    expect(flat).toContainEqual({
      path: ['Abdomen, abdominal', 'acute'],
      codes: [{ code: 'R100', display: 'R10.0', incomplete: false }],
    });
    expect(flat).toContainEqual({
      path: ['Arthritis, arthritic', 'in', 'infectious disease NEC'],
      codes: [],
      seeCategory: 'M01',
    });
    expect(flat).toContainEqual({ path: ['Wound, superficial'], codes: [], see: 'Injury', seeAlso: 'specified injury type' });
  });
});

describe('parseIndexXml on small inputs', () => {
  it('keeps modifiers inside see, takes overrides for the release metadata', async () => {
    const index = await parseIndexXml(
      minimal(
        '    <mainTerm>',
        '      <title><nemod>(gastro)</nemod>enteritis</title>',
        '      <see>Enteritis<nemod>(acute)</nemod>, infectious</see>',
        '      <term level="1">',
        '        <title><nemod>(taser)</nemod></title>',
        '        <code><![CDATA[t75.4]]></code>',
        '      </term>',
        '    </mainTerm>',
      ),
      { version: 'FY2023-test', effectiveFrom: '2023-04-01', effectiveTo: null },
    );
    expect(index.meta).toMatchObject({ version: 'FY2023-test', effectiveFrom: '2023-04-01', effectiveTo: null });
    const main = index.letters[0].mainTerms[0];
    expect(main).toMatchObject({ title: 'enteritis', printedTitle: '(gastro)enteritis', nonessential: ['(gastro)'], see: 'Enteritis (acute), infectious' });
    // An entry that is only a modifier keeps it as its title.
    expect(main.terms[0]).toMatchObject({ title: '(taser)', level: 1, codes: [{ code: 'T754', display: 't75.4', incomplete: false }] });
  });
});

describe('parseIndexXml rejects damaged or wrong files', () => {
  it('rejects truncated XML with the line where it ends', async () => {
    const err = await formatError(parseIndexXml(xmlFile(`${HEAD}\n    <mainTerm>\n      <title>Abasia</title>\n      <code>F4`)));
    expect(err.message).toContain('icd10cm_index_2023.xml');
    expect(err.message).toContain('line 9');
    expect(err.message).toContain('not well-formed XML');
  });

  it('rejects the real file cut in the middle', async () => {
    const bytes = realIndex().bytes.subarray(0, 300_000);
    const lines = new TextDecoder().decode(bytes).split('\n').length;
    const err = await formatError(parseIndexXml({ name: 'icd10cm_index_2023.xml', bytes }));
    expect(err.message).toMatch(/^icd10cm_index_2023\.xml, line \d+/);
    expect(err.location.line).toBe(lines);
  });

  it('rejects the Tabular fed in place of the Index', async () => {
    const err = await formatError(parseIndexXml(rawFile(TABULAR_PATH)));
    expect(err.message).toContain('icd10cm_tabular_2023.xml, line 2');
    expect(err.message).toContain('not an ICD-10-CM Alphabetic Index: root element is <ICD10CM.tabular>');
  });

  it('rejects an empty file', async () => {
    const err = await formatError(parseIndexXml({ name: 'icd10cm_index_2023.xml', bytes: new Uint8Array(0) }));
    expect(err.message).toBe('icd10cm_index_2023.xml, line 1: file is empty; expected the ICD-10-CM Alphabetic Index XML');
  });

  it('rejects invalid UTF-8 with the line of the bad byte', async () => {
    const good = new TextEncoder().encode(`${HEAD}\n    <mainTerm>\n      <title>Abasia `);
    const bytes = new Uint8Array([...good, 0xc3, 0x28, ...new TextEncoder().encode(`</title>\n    </mainTerm>${TAIL}`)]);
    const err = await formatError(parseIndexXml({ name: 'icd10cm_index_2023.xml', bytes }));
    expect(err.message).toContain('icd10cm_index_2023.xml, line 8');
    expect(err.message).toContain('not valid UTF-8 (byte 0xc3');
  });

  it('rejects a term level that skips a level', async () => {
    const err = await formatError(
      parseIndexXml(minimal('    <mainTerm>', '      <title>Abasia</title>', '      <term level="2">', '        <title>hysterical</title>', '      </term>', '    </mainTerm>')),
    );
    expect(err.message).toBe(
      'icd10cm_index_2023.xml, line 9, element <ICD10CM.index > letter[A] > mainTerm[Abasia] > term[level="2"]>: term level 2 skips level 1 (parent is level 0)',
    );
    expect(err.location).toEqual({ file: 'icd10cm_index_2023.xml', line: 9, element: 'ICD10CM.index > letter[A] > mainTerm[Abasia] > term[level="2"]' });
  });

  it('rejects a term level that is not a number', async () => {
    const err = await formatError(
      parseIndexXml(minimal('    <mainTerm>', '      <title>Abasia</title>', '      <term level="one">', '        <title>hysterical</title>', '      </term>', '    </mainTerm>')),
    );
    expect(err.message).toContain('icd10cm_index_2023.xml, line 9');
    expect(err.message).toContain('term level "one" is not a number');
  });

  it('rejects a term without a title', async () => {
    const err = await formatError(
      parseIndexXml(minimal('    <mainTerm>', '      <title>Abasia</title>', '      <term level="1">', '        <code>F44.4</code>', '      </term>', '    </mainTerm>')),
    );
    expect(err.message).toBe('icd10cm_index_2023.xml, line 9, element <ICD10CM.index > letter[A] > mainTerm[Abasia] > term>: term has no title');
  });

  it('rejects a code that is not code-shaped', async () => {
    const err = await formatError(parseIndexXml(minimal('    <mainTerm>', '      <title>Abasia</title>', '      <code>F44.4 F45</code>', '    </mainTerm>')));
    expect(err.message).toContain('line 9');
    expect(err.message).toContain('"F44.4 F45" is not an ICD-10-CM code');
  });

  it('rejects the Neoplasm Table, which has the same root element', async () => {
    const err = await formatError(
      parseIndexXml(minimal('    <mainTerm>', '      <title>Neoplasm</title>', '      <cell col="2">C80.1</cell>', '    </mainTerm>')),
    );
    expect(err.message).toContain('line 9');
    expect(err.message).toContain('unexpected element <cell> in <mainTerm> (this looks like the Neoplasm Table or Table of Drugs');
  });
});
