/**
 * npm run billing-server -- [--port N] [--host H] [--data DIR] [--token TOKEN=CODER]... [--codesets DIR] [--cpt FILE] [--no-seed]
 *
 *   --port N          port to listen on; 0 picks a free one (env BILLING_PORT, default 8787)
 *   --host H          interface (default 127.0.0.1: loopback only)
 *   --data DIR        data directory holding billing.sqlite (env BILLING_DATA_DIR, default ./server-data)
 *   --token T=C       a bearer token and the coder (Practitioner id) it signs in; repeatable
 *                     (env BILLING_TOKENS="t1=c1,t2=c2"; default demo-token=demo.coder)
 *   --codesets DIR    code-set packs (default resources/codesets; `npm run codesets:build` makes them)
 *   --cpt FILE        a licensed CPT file, so CPT codes are validated too (env BILLING_CPT_FILE)
 *   --no-seed         do not put the sample encounters on an empty database's worklist
 *
 * Prints one JSON line when ready: {"listening":"http://127.0.0.1:PORT"} (scripts and tests
 * read the URL from it); everything else goes to stderr.
 */
import { resolve } from 'node:path';
import { parseTokenList } from './auth';
import { startBillingServer, type BillingServerOptions } from './billing-server';
import { CodeSetsMissingError } from './code-sets';

export interface CliOptions extends BillingServerOptions {
  tokens: [string, string][];
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const port = (text: string, from: string) => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n > 65535) throw new Error(`${from} must be a port number (0 for any free port), not ${text}`);
    return n;
  };
  const opts: CliOptions = {
    port: env.BILLING_PORT ? port(env.BILLING_PORT, 'BILLING_PORT') : 8787,
    dataDir: resolve(env.BILLING_DATA_DIR || './server-data'),
    tokens: env.BILLING_TOKENS ? parseTokenList(env.BILLING_TOKENS) : [],
  };
  if (env.BILLING_CPT_FILE) opts.cptFile = resolve(env.BILLING_CPT_FILE);
  let flagTokens = false;
  const value = (i: number, flag: string) => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new Error(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') opts.port = port(value(i++, a), a);
    else if (a === '--host') opts.host = value(i++, a);
    else if (a === '--data') opts.dataDir = resolve(value(i++, a));
    else if (a === '--codesets') opts.codesetsDir = resolve(value(i++, a));
    else if (a === '--cpt') opts.cptFile = resolve(value(i++, a));
    else if (a === '--no-seed') opts.seed = false;
    else if (a === '--token') {
      // Flags replace the environment's list rather than adding to it: what is on the command line is what runs.
      if (!flagTokens) opts.tokens = [];
      flagTokens = true;
      opts.tokens.push(...parseTokenList(value(i++, a)));
    } else throw new Error(`unknown option ${a}`);
  }
  if (!opts.tokens.length) opts.tokens = [['demo-token', 'demo.coder']];
  return opts;
}

async function main(): Promise<void> {
  let opts: CliOptions;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`billing-server: ${(error as Error).message}`);
    process.exit(2);
  }
  const started = performance.now();
  let server;
  try {
    server = await startBillingServer(opts);
  } catch (error) {
    console.error(`billing-server: ${error instanceof CodeSetsMissingError ? error.message : (error as Error).stack ?? String(error)}`);
    process.exit(1);
  }
  console.error(
    `billing-server: ${opts.dataDir} ready in ${((performance.now() - started) / 1000).toFixed(1)} s; coders ${[...new Set(opts.tokens.map(([, c]) => c))].join(', ')}; ${server.store.count('Task')} tasks`,
  );
  console.log(JSON.stringify({ listening: server.url }));
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) void main();
