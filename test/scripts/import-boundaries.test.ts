import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rule of STYLE.md, proven on the project's own ESLint config: code in core/ or
 * renderer/ that imports Electron or a Node built-in fails lint (and so fails npm test).
 */
const eslint = new ESLint({ cwd: resolve(import.meta.dirname, '../..') });

async function importErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: resolve(import.meta.dirname, '../..', path) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  it.each([
    ['core/codesets/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['core/codesets/x.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n"],
    ['core/codesets/x.ts', "import { readFile } from 'fs/promises';\nexport const a = readFile;\n"],
    ['core/codesets/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['core/codesets/x.ts', "import Dexie from 'dexie';\nexport const a = Dexie;\n"],
    ['core/codesets/x.ts', "import { workstationDb } from '../../renderer/db/database';\nexport const a = workstationDb;\n"],
    ['renderer/lookup/x.ts', "import { ipcRenderer } from 'electron';\nexport const a = ipcRenderer;\n"],
    ['renderer/lookup/x.ts', "import { join } from 'node:path';\nexport const a = join;\n"],
  ])('%s may not import: %s', async (path, source) => {
    expect(await importErrors(path, source)).toHaveLength(1);
  });

  it('allows what the layers may use', async () => {
    expect(await importErrors('core/codesets/x.ts', "import { unzipSync } from 'fflate';\nimport type { CodeRecord } from './types';\nexport const a = unzipSync;\nexport type B = CodeRecord;\n")).toEqual([]);
    expect(await importErrors('renderer/lookup/x.ts', "import Dexie from 'dexie';\nimport { displayCode } from '../../core/codesets/code-display';\nexport const a = [Dexie, displayCode];\n")).toEqual([]);
    expect(await importErrors('scripts/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([]);
  });
});
