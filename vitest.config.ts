import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**', 'dist/**'],
    pool: 'forks',
    // Vitest's default is one worker less than the cores: on a 2-core machine, one file at a time. Most test time is
    // waiting (PostgreSQL, child processes, a browser), so three files at once keep both cores busy. Files share one
    // PostgreSQL database, each in its own schema: what reads the catalogue must read only its own (src/db/migrate.ts).
    maxWorkers: 3,
    testTimeout: 30_000,
    // expect.poll waits 1 s by default: with three files at once on two cores, a browser page can take longer to settle.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
  },
});
