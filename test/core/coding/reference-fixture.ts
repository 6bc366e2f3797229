import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hccMappings, parseHccMappings } from '../../../core/coding/data/hcc-mappings';
import { mceDefinitions, parseMceDefinitions } from '../../../core/coding/data/mce-definitions';
import { combineMueTables, mueTables, parseMueTable } from '../../../core/coding/data/mue-table';
import { codesToColumns, groupIntoBlocks } from '../../../core/codesets/code-block';
import type { CodeListRelease } from '../../../core/codesets/types';
import { codingReference, hcpcsDatesFromStoredReleases, type CodingReferenceParts } from '../../../core/coding/engine-reference';
import type { CodingReference, HccMappings, MceDefinitions, MueTables } from '../../../core/coding/reference';
import { corpusFromStoredReleases, type StoredRelease } from '../../../core/search/corpus-from-rows';
import { LookupEngine } from '../../../core/search/lookup-engine';
import { DEFAULT_OUT_DIR, packsPresent } from '../../../scripts/codesets-build';
import { loadStoredReleases } from '../../../scripts/load-packs';
import { RAW_DIR, rawFile } from '../raw-files';

/** The code lists and Tabular the edits consult, from the packs `npm run codesets:build` made. */
export interface CodingFixture {
  engine: LookupEngine;
  /** Code lists (with HCPCS dates) and the Tabular; no MCE, MUE or HCC data. */
  codesOnly: CodingReference;
  /** The same with more parts (edit data), sharing the engine. */
  with(parts: Omit<CodingReferenceParts, 'engine' | 'tabular' | 'hcpcsDates'>): CodingReference;
}

/** A parsed code list stored the way the app stores it (one row per block of codes), as if installed. */
function asStored(release: CodeListRelease): StoredRelease {
  return { meta: release.meta, rows: groupIntoBlocks(release.codes).map((b) => ({ key: b.key, json: JSON.stringify(codesToColumns(b.codes)) })) };
}

/**
 * Load once per test file (in beforeAll): the packs take a few seconds to read and index.
 * `extra` installs more code lists beside the packs (the synthetic CPT fixture).
 */
export function loadCodingFixture(extra: CodeListRelease[] = []): CodingFixture {
  if (!packsPresent(DEFAULT_OUT_DIR)) throw new Error('no code-set packs: run npm run codesets:build first');
  const stored = [...loadStoredReleases(DEFAULT_OUT_DIR), ...extra.map(asStored)];
  const { corpus, tabular } = corpusFromStoredReleases(stored);
  const engine = new LookupEngine(corpus);
  const hcpcsDates = hcpcsDatesFromStoredReleases(stored);
  return {
    engine,
    codesOnly: codingReference({ engine, tabular, hcpcsDates }),
    with: (parts) => codingReference({ engine, tabular, hcpcsDates, ...parts }),
  };
}

/** The edit data files this checkout tests against (SOURCES.md sections 5-7). */
export const EDIT_DATA_FILES = {
  mce: 'mce/FY2026-v43.1/Definitions of Medicare Code Edits_v_43_1.txt',
  mueDir: 'ncci-mue/2026-04',
  hcc: 'hcc/PY2026-initial/2026 Initial ICD-10-CM Mappings.csv',
};

/** MCE v43.1, the 2026-Q2 MUE tables and the PY2026 initial HCC mappings, read from the official files by the app's parsers. */
export async function loadEditData(): Promise<{ mce: MceDefinitions; mue: MueTables; hcc: HccMappings }> {
  const mueFiles = readdirSync(join(RAW_DIR, EDIT_DATA_FILES.mueDir))
    .filter((name) => name.toLowerCase().endsWith('.csv'))
    .map((name) => rawFile(`${EDIT_DATA_FILES.mueDir}/${name}`));
  return {
    mce: mceDefinitions(await parseMceDefinitions(rawFile(EDIT_DATA_FILES.mce))),
    mue: mueTables(await combineMueTables(mueFiles.map((file) => ({ file, parsed: parseMueTable(file) })))),
    hcc: hccMappings(await parseHccMappings(rawFile(EDIT_DATA_FILES.hcc))),
  };
}

/** The real code sets with all edit data installed (`ref`), and with the code sets only (`codesOnly`, for "not installed" cases). */
export async function loadBothReferences(): Promise<{ ref: CodingReference; codesOnly: CodingReference }> {
  const fixture = loadCodingFixture();
  return { ref: fixture.with(await loadEditData()), codesOnly: fixture.codesOnly };
}
