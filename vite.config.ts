import { createReadStream, existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Connect, type Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './electron/shared/content-security-policy.ts';

const packsDir = resolve(import.meta.dirname, 'resources/codesets');

/**
 * Serve the generated code-set packs at /codesets/ in dev and browser mode, as the Electron
 * app:// handler does from its resources; the packs are never copied into the renderer build.
 */
function serveCodesetPacks(): Plugin {
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    const url = new URL(req.url ?? '/', 'http://local');
    if (!url.pathname.startsWith('/codesets/')) return next();
    const path = resolve(packsDir, decodeURIComponent(url.pathname.slice('/codesets/'.length)));
    if (!path.startsWith(packsDir + sep) || !existsSync(path) || !statSync(path).isFile()) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    res.setHeader('Content-Type', path.endsWith('.json') ? 'application/json' : 'application/octet-stream');
    res.setHeader('Content-Length', statSync(path).size);
    res.setHeader('Cache-Control', 'no-cache');
    createReadStream(path).pipe(res);
  };
  const securityHeaders: Connect.NextHandleFunction = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  };
  return {
    name: 'serve-codeset-packs',
    configureServer(server) {
      server.middlewares.use(middleware);
    },
    configurePreviewServer(server) {
      // The same CSP as the Electron app:// handler, so browser mode proves the UI runs under it.
      server.middlewares.use(securityHeaders);
      server.middlewares.use(middleware);
    },
  };
}

export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  publicDir: false,
  plugins: [react(), serveCodesetPacks()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1', strictPort: false },
  preview: { host: '127.0.0.1' },
});
