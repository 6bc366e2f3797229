/**
 * npm start: build what is missing, then open the workstation. Under Electron when its binary
 * is there (or can be fetched by electron's own installer within a bounded time); otherwise
 * one line says so and the same app is served in browser mode on a loopback port.
 *
 *   npm start                 Electron if possible, else browser mode
 *   npm start -- --browser    browser mode only (also used by the end-to-end tests)
 *   npm start -- --port 5173  browser-mode port (default: PORT or a free one)
 *   npm start -- --no-billing-server   demo mode: no server, the shipped sample worklist
 *
 * Unless told otherwise, the reference billing server (server/) starts on a loopback port with
 * the demo worklist, and the workstation is pointed at it through workstation-config.json:
 * a newcomer sees the whole loop (pull, code, finish, sync) in a minute.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { preview } from 'vite';
import { buildPacks, DEFAULT_OUT_DIR, DEFAULT_RAW_DIR, packsPresent } from './codesets-build';

const ROOT = resolve(import.meta.dirname, '..');
/** Electron's installer downloads ~100 MB; past this the network is not going to deliver it. */
const ELECTRON_FETCH_TIMEOUT_MS = 60_000;
/** The reference billing server's usual port (as `npm run billing-server`). */
const DEMO_BILLING_PORT = 8787;

/** After a failed fetch, do not try again on every start for this long. */
const ELECTRON_RETRY_AFTER_MS = 24 * 3600_000;

async function main(argv: string[]): Promise<void> {
  const browserOnly = argv.includes('--browser');
  const portArg = argv.indexOf('--port');
  const port = portArg >= 0 ? Number(argv[portArg + 1]) : Number(process.env.PORT ?? 0);

  if (!packsPresent(DEFAULT_OUT_DIR)) {
    if (!existsSync(DEFAULT_RAW_DIR)) {
      throw new Error(`no code-set packs in ${DEFAULT_OUT_DIR} and no release files at ${DEFAULT_RAW_DIR}; run npm run codesets:build -- <folder of CMS files>`);
    }
    console.log('Building code-set packs from the official release files (once)…');
    await buildPacks(DEFAULT_RAW_DIR, DEFAULT_OUT_DIR, () => {});
  }
  if (rendererIsStale()) {
    console.log('Building the workstation…');
    run('npx', ['vite', 'build', '--logLevel', 'warn']);
  }
  const config = argv.includes('--no-billing-server') ? {} : { billingServer: await startDemoBillingServer() };
  // Read by the app at start (renderer/sync/server-settings.ts); the coder's own Settings win.
  writeFileSync(join(ROOT, 'dist/renderer/workstation-config.json'), JSON.stringify(config, null, 2));

  if (!browserOnly) {
    const electron = electronBinary();
    if (electron.path) {
      run('npx', ['tsx', 'scripts/build-electron.ts']);
      const child = spawn(electron.path, ['.'], { cwd: ROOT, stdio: 'inherit' });
      child.on('exit', (code) => process.exit(code ?? 0));
      return;
    }
    console.log(`Electron is not available on this machine (${electron.reason}); starting browser mode instead.`);
  }
  const server = await preview({ configFile: join(ROOT, 'vite.config.ts'), preview: { port, strictPort: port !== 0, host: '127.0.0.1', open: false }, logLevel: 'warn' });
  const url = server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${port}/`;
  console.log(`Coder Workstation (browser mode): ${url}`);
}

/**
 * The reference billing server, in this process, on a free loopback port, with its database
 * in .workstation/billing-server (git-ignored) so the demo's claims survive a restart.
 */
async function startDemoBillingServer(): Promise<{ url: string; coder: string; demoToken: string }> {
  const { startBillingServer } = await import('../server/billing-server');
  const token = 'demo-token';
  const options = { dataDir: join(ROOT, '.workstation/billing-server'), tokens: [[token, 'demo.coder']] as [string, string][] };
  // The same port each start when it is free, so the server's address stays what the coder saw;
  // any free port when something else holds it.
  const server = await startBillingServer({ ...options, port: DEMO_BILLING_PORT }).catch(() => startBillingServer({ ...options, port: 0 }));
  console.log(`Reference billing server (demo worklist): ${server.url}`);
  return { url: server.url, coder: 'demo.coder', demoToken: token };
}

/** The renderer build is missing or older than a source file it is built from. */
function rendererIsStale(): boolean {
  const built = join(ROOT, 'dist/renderer/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (dir: string): boolean =>
    readdirSync(dir, { withFileTypes: true }).some((e) => {
      const path = join(dir, e.name);
      return e.isDirectory() ? newer(path) : statSync(path).mtimeMs > builtAt;
    });
  return ['renderer', 'core'].some((d) => newer(join(ROOT, d))) || statSync(join(ROOT, 'vite.config.ts')).mtimeMs > builtAt;
}

/** Electron's binary path, fetching it with electron's own installer when it is missing. */
function electronBinary(): { path?: string; reason: string } {
  const require = createRequire(import.meta.url);
  const locate = (): string | undefined => {
    try {
      const path = require('electron') as unknown as string;
      return typeof path === 'string' && existsSync(path) ? path : undefined;
    } catch {
      return undefined;
    }
  };
  const found = locate();
  if (found) return { path: found, reason: '' };
  const marker = join(ROOT, 'node_modules/.cache/coder-workstation/electron-fetch-failed');
  if (existsSync(marker) && Date.now() - Number(readFileSync(marker, 'utf8')) < ELECTRON_RETRY_AFTER_MS) {
    return { reason: 'its download failed earlier today' };
  }
  const installer = join(ROOT, 'node_modules/electron/install.js');
  if (!existsSync(installer)) return { reason: 'the electron package is not installed' };
  console.log('Fetching the Electron binary…');
  const result = spawnSync(process.execPath, [installer], { cwd: ROOT, stdio: 'ignore', timeout: ELECTRON_FETCH_TIMEOUT_MS, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '' } });
  const path = locate();
  if (path) return { path, reason: '' };
  mkdirSync(join(marker, '..'), { recursive: true });
  writeFileSync(marker, String(Date.now()));
  return { reason: result.error?.message.includes('ETIMEDOUT') ? 'its download timed out' : 'its binary could not be downloaded' };
}

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`npm start: ${(error as Error).message}`);
  process.exit(1);
});
