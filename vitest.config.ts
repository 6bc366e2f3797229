import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/core/**/*.test.ts', 'test/server/**/*.test.ts', 'test/renderer/**/*.test.{ts,tsx}', 'test/electron/**/*.test.ts', 'test/scripts/**/*.test.ts', 'test/sync/**/*.test.ts'],
    // Parsers run on the real CMS files (tens of MB); give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
