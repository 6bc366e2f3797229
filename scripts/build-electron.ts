/**
 * npm run build:electron
 *
 * Bundles the Electron main process and the preload bridge into dist/electron/ with esbuild.
 * Main is one CommonJS file with its dependencies (zod) inlined, so the packaged app needs no
 * node_modules. The preload must be a single file: a sandboxed preload can require only
 * `electron` at runtime, not our own modules. Both keep `electron` external: Electron itself
 * provides it.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type BuildOptions } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '..');
const OUT_DIR = resolve(ROOT, 'dist/electron');

const common: BuildOptions = {
  bundle: true,
  format: 'cjs',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
  // Keep main's stack traces readable in support logs; the bundles are small either way.
  minify: false,
};

/** Build both bundles; resolves to the output files. */
export async function buildElectron(): Promise<string[]> {
  rmSync(OUT_DIR, { recursive: true, force: true });
  const outputs = [resolve(OUT_DIR, 'main/index.cjs'), resolve(OUT_DIR, 'preload/index.cjs')] as const;
  await Promise.all([
    build({
      ...common,
      entryPoints: [resolve(ROOT, 'electron/main/index.ts')],
      outfile: outputs[0],
      platform: 'node',
      // Electron 41 embeds Node 24; node22 is a safe floor that needs no down-levelling.
      target: 'node22',
    }),
    build({
      ...common,
      entryPoints: [resolve(ROOT, 'electron/preload/index.ts')],
      outfile: outputs[1],
      // `browser`, not `node`: a Node built-in imported by mistake fails the build here
      // instead of failing at runtime inside the sandbox.
      platform: 'browser',
      target: 'chrome130',
    }),
  ]);
  return [...outputs];
}

if (import.meta.filename === resolve(process.argv[1] ?? '')) {
  const outputs = await buildElectron();
  for (const file of outputs) console.log(`built ${file.slice(ROOT.length + 1)}`);
}
