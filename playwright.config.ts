import { defineConfig } from '@playwright/test';

/** Browser-mode port for the end-to-end tests (fixed, so the test server is found). */
const PORT = Number(process.env.E2E_PORT ?? 4273);

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  // One worker: the machine has 2 cores and the tests measure first-run loads.
  workers: 1,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    command: `npx tsx scripts/start.ts --browser --no-billing-server --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/`,
    timeout: 180_000,
    reuseExistingServer: !process.env.CI,
  },
});
