import { hccPack, mcePack, muePack } from '../coding/data/edit-packs';
import { parseHccMappings } from '../coding/data/hcc-mappings';
import { parseMceDefinitions } from '../coding/data/mce-definitions';
import { mueReleases } from '../coding/data/mue-table';
import { applyAddenda, parseOrderAddenda } from './addenda';
import { parseCptFile } from './cpt-file';
import { CodeSetFormatError } from './format-error';
import { parseHcpcsXlsx } from './hcpcs-xlsx';
import { parseIndexXml, type AlphabeticIndex, type IndexTerm } from './index-xml';
import { parseOrderFile } from './order-file';
import type { Pack } from './pack';
import { codeListPack, documentsPack } from './release-pack';
import { parseTabularXml, type TabularList } from './tabular-xml';
import type { CodeListRelease, ReleaseFile } from './types';
import { looksLikeZip, readZipMember, zipMemberNames } from './zip';

/** What a release file is, as told by its name and, for XML and the edit data, its content. */
export type ReleaseFileKind =
  | 'icd10cm-order'
  | 'icd10pcs-order'
  | 'icd10cm-addenda'
  | 'icd10cm-tabular'
  | 'icd10cm-index'
  | 'hcpcs-xlsx'
  | 'cpt'
  /** CMS "Definitions of Medicare Code Edits" (.txt). */
  | 'mce'
  /** A CMS NCCI MUE table (.csv): practitioner, outpatient hospital or DME supplier. */
  | 'mue'
  /** CMS ICD-10-CM to HCC mappings (.csv). */
  | 'hcc';

const CM_ORDER = /^icd10cm_order_\d{4}\.txt$/i;
const PCS_ORDER = /^icd10pcs_order_\d{4}\.txt$/i;
const CM_ADDENDA = /^icd10cm_order_addenda_\d{4}\.txt$/i;
const TABULAR = /tabular.*\.xml$/i;
const INDEX = /index.*\.xml$/i;

/**
 * Tell what an official release file is. Zips are identified by their members (a CMS zip
 * holding the full order file is an order-file release even though it also holds the
 * addenda that led to it). Returns null when the file is none of the formats we read.
 */
export function identifyReleaseFile(file: ReleaseFile): ReleaseFileKind | null {
  const name = file.name;
  if (looksLikeZip(file.bytes) && /\.zip$/i.test(name)) {
    const members = zipMemberNames(file).map((m) => m.slice(m.lastIndexOf('/') + 1));
    if (members.some((m) => CM_ORDER.test(m))) return 'icd10cm-order';
    if (members.some((m) => PCS_ORDER.test(m))) return 'icd10pcs-order';
    if (members.some((m) => CM_ADDENDA.test(m))) return 'icd10cm-addenda';
    if (members.some((m) => /\.xml$/i.test(m) && TABULAR.test(m))) return 'icd10cm-tabular';
    if (members.some((m) => /\.xml$/i.test(m) && INDEX.test(m))) return 'icd10cm-index';
    return null;
  }
  if (CM_ORDER.test(name)) return 'icd10cm-order';
  if (PCS_ORDER.test(name)) return 'icd10pcs-order';
  if (CM_ADDENDA.test(name)) return 'icd10cm-addenda';
  if (/\.xml$/i.test(name)) {
    const head = new TextDecoder().decode(file.bytes.subarray(0, 2048));
    if (head.includes('<ICD10CM.tabular')) return 'icd10cm-tabular';
    if (head.includes('<ICD10CM.index')) return 'icd10cm-index';
    return null;
  }
  if (/\.xlsx$/i.test(name) && /^HCPC/i.test(name)) return 'hcpcs-xlsx';
  const edits = identifyEditDataFile(file);
  if (edits) return edits;
  if (/cpt/i.test(name) && /\.(txt|tsv)$/i.test(name)) return 'cpt';
  return null;
}

/**
 * The edit data files are told by their opening text, whatever they were renamed to: the MCE
 * definitions by their title, an MUE table and the HCC mappings by the header row that follows a
 * notice or title rows of a few hundred bytes. 4 KB holds all of it.
 */
function identifyEditDataFile(file: ReleaseFile): ReleaseFileKind | null {
  const isText = /\.txt$/i.test(file.name);
  const isCsv = /\.csv$/i.test(file.name);
  if (!isText && !isCsv) return null;
  // Only ASCII and the BOM bytes are looked for, so how 0x80-0x9F decode does not matter here.
  const head = new TextDecoder('windows-1252').decode(file.bytes.subarray(0, 4096)).replace(/\s+/g, ' ');
  // A copy re-saved as UTF-8 may start with a byte order mark (EF BB BF read as Windows-1252).
  if (isText && /^(?:\u00ef\u00bb\u00bf)?\s*Definitions of Medicare Code Edits\b/.test(head)) return 'mce';
  if (isCsv && /MUE Values?\s*"?,\s*"?MUE Adjudication Indicator/i.test(head)) return 'mue';
  if (isCsv && /"?Diagnosis Code"?,.*CMS-HCC Model Category V28\b/i.test(head)) return 'hcc';
  return null;
}

/** Finds the installed release an addenda applies to (FY2026 codes for the FY2027 addenda). */
export type FindBaseRelease = (version: string) => Promise<CodeListRelease | null>;

export interface ReadReleaseOptions {
  /** CPT's version when its file name carries no year. */
  cptVersion?: string;
}

/**
 * Turn official release files into packs, one per release. All files are parsed before
 * anything is returned, so a wrong or damaged file stops the whole batch with its error
 * and nothing is half-installed. An addenda is applied to a base order file given in the
 * same batch, else to the installed one `findBase` returns.
 */
export async function releaseFilesToPacks(files: ReleaseFile[], findBase: FindBaseRelease, opts: ReadReleaseOptions = {}): Promise<Pack[]> {
  if (files.length === 0) throw new Error('no files were given');
  const kinds = files.map((file) => {
    const kind = identifyReleaseFile(file);
    if (!kind && /\.xml$/i.test(file.name)) {
      const root = xmlRootElement(file.bytes);
      throw new CodeSetFormatError(
        { file: file.name, line: root?.line, element: root?.name },
        root ? `not an ICD-10-CM Tabular List or Alphabetic Index: the root element is <${root.name}>, expected <ICD10CM.tabular> or <ICD10CM.index>` : 'no XML root element found in the first 4 KB',
      );
    }
    if (!kind) {
      throw new CodeSetFormatError(
        { file: file.name },
        'not a release file this app reads: expected a CMS ICD-10-CM/PCS order file (.txt or CMS zip), ICD-10-CM order addenda, Tabular or Index XML, a HCPCS quarterly .xlsx (HCPC…), a licensed CPT file (tab-delimited, "cpt" in its name), the Definitions of Medicare Code Edits (.txt), an NCCI MUE table (.csv), or the ICD-10-CM to HCC mappings (.csv)',
      );
    }
    return kind;
  });
  const codeLists: CodeListRelease[] = [];
  const packs: Pack[] = [];
  const addendaFiles: ReleaseFile[] = [];
  const mueFiles: ReleaseFile[] = [];
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    switch (kinds[i]) {
      case 'icd10cm-order':
        codeLists.push(await parseOrderFile(file, 'icd10cm'));
        break;
      case 'icd10pcs-order':
        codeLists.push(await parseOrderFile(file, 'icd10pcs'));
        break;
      case 'icd10cm-addenda':
        addendaFiles.push(file);
        break;
      case 'hcpcs-xlsx':
        codeLists.push(await parseHcpcsXlsx(file));
        break;
      case 'cpt':
        codeLists.push(await parseCptFile(file, opts.cptVersion ? { version: opts.cptVersion } : {}));
        break;
      case 'icd10cm-tabular':
        packs.push(tabularPack(await parseTabularXml(unzipXml(file, TABULAR))));
        break;
      case 'icd10cm-index':
        packs.push(indexPack(await parseIndexXml(unzipXml(file, INDEX))));
        break;
      case 'mce':
        packs.push(mcePack(await parseMceDefinitions(file)));
        break;
      case 'mue':
        // A quarter's tables become one release, so they are parsed together below.
        mueFiles.push(file);
        break;
      case 'hcc':
        packs.push(hccPack(await parseHccMappings(file)));
        break;
    }
  }
  for (const release of await mueReleases(mueFiles)) packs.push(muePack(release));
  // Addenda in fiscal-year order, so FY2027 then FY2028 can be built in one batch.
  const addenda = await Promise.all(addendaFiles.map((f) => parseOrderAddenda(f)));
  addenda.sort((a, b) => a.toFiscalYear - b.toFiscalYear);
  for (const a of addenda) {
    const baseVersion = `FY${a.toFiscalYear - 1}`;
    const base = codeLists.find((r) => r.meta.system === 'icd10cm' && r.meta.version === baseVersion) ?? (await findBase(baseVersion));
    if (!base) {
      throw new CodeSetFormatError({ file: a.source.name }, `this addenda builds FY${a.toFiscalYear} from ICD-10-CM ${baseVersion}, which is neither installed nor among the files given; import the ${baseVersion} order file with it`);
    }
    codeLists.push(applyAddenda(base, a));
  }
  return [...codeLists.map(codeListPack), ...packs];
}

/** The first element of an XML document and its line, skipping the declaration and comments. */
export function xmlRootElement(bytes: Uint8Array): { name: string; line: number } | null {
  const head = new TextDecoder().decode(bytes.subarray(0, 4096));
  const stripped = head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, (m) => m.replace(/[^\n]/g, ' '));
  const match = /<([A-Za-z_][\w.:-]*)/.exec(stripped);
  if (!match) return null;
  return { name: match[1], line: stripped.slice(0, match.index).split('\n').length };
}

function unzipXml(file: ReleaseFile, pattern: RegExp): ReleaseFile {
  if (!looksLikeZip(file.bytes)) return file;
  return readZipMember(file, (name) => /\.xml$/i.test(name) && pattern.test(name), 'XML file');
}

/**
 * The Tabular as reference documents: one per chapter (its notes and sections), one per
 * section, one per category with its whole subtree. A detail view reads three small documents
 * to show a code's context and every note in effect, instead of the whole 9 MB Tabular.
 */
export function tabularPack(list: TabularList): Pack {
  const documents: { key: string; doc: unknown }[] = [];
  for (const chapter of list.chapters) {
    documents.push({ key: `chapter:${chapter.number}`, doc: { ...chapter, sections: chapter.sections.map((s) => s.id) } });
  }
  for (const section of list.sections.values()) documents.push({ key: `section:${section.id}`, doc: section });
  const byCategory = new Map<string, unknown[]>();
  for (const entry of list.entries.values()) {
    const category = entry.code.slice(0, 3);
    let group = byCategory.get(category);
    if (!group) byCategory.set(category, (group = []));
    group.push(entry);
  }
  for (const [category, entries] of byCategory) documents.push({ key: `category:${category}`, doc: { entries } });
  const counts = {
    chapters: list.chapters.length,
    sections: list.sections.size,
    entries: list.entries.size,
    notes: [...list.entries.values()].reduce((n, e) => n + e.notes.length, 0),
  };
  return documentsPack(list.meta, counts, documents);
}

/** Main terms per Index document: ~80 documents instead of 8,060 keep the load fast (IndexedDB
 * pays per record), and a block is still small enough to read for one look-up. */
export const INDEX_TERMS_PER_DOCUMENT = 100;

/** The Alphabetic Index as documents of consecutive main terms, keyed `letter/first position`. */
export function indexPack(index: AlphabeticIndex): Pack {
  const documents: { key: string; doc: unknown }[] = [];
  let terms = 0;
  let mainTerms = 0;
  const countTerms = (t: IndexTerm): number => 1 + t.terms.reduce((n, s) => n + countTerms(s), 0);
  for (const letter of index.letters) {
    for (let i = 0; i < letter.mainTerms.length; i += INDEX_TERMS_PER_DOCUMENT) {
      const block = letter.mainTerms.slice(i, i + INDEX_TERMS_PER_DOCUMENT);
      documents.push({ key: `${letter.letter}/${String(i).padStart(5, '0')}`, doc: { mainTerms: block } });
      mainTerms += block.length;
      terms += block.reduce((n, t) => n + countTerms(t), 0);
    }
  }
  return documentsPack(index.meta, { mainTerms, terms }, documents);
}
