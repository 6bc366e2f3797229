import { resolve } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Bundle the preload as scripts/build-electron.ts does (one CommonJS file for the browser
 * platform, electron external), in memory, so dist/ is left alone.
 */
async function bundlePreload() {
  const result = await build({
    entryPoints: [resolve(ROOT, 'electron/preload/index.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    external: ['electron'],
    target: 'chrome130',
    write: false,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no preload bundle');
  return output.text;
}

describe('the preload bundle', () => {
  it('requires nothing but electron, which is all a sandboxed preload may load', async () => {
    const code = await bundlePreload();
    const required = [...code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
    expect(new Set(required)).toEqual(new Set(['electron']));
  });

  it('leaves zod out: only main validates, and every schema in the contract is marked pure', async () => {
    const code = await bundlePreload();
    expect(code).not.toMatch(/zod|ZodError|\$ZodType/);
    // A stray unmarked zod call pulls in the whole library, hundreds of KB.
    expect(code.length).toBeLessThan(20_000);
  });
});
