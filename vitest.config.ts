import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take minutes, run first: with three files at a time the run's
 * length is bounded by the longest file started last. In one CI run the demo's
 * (a fresh population, four federating providers: about 5 min on a loaded
 * machine) started 6 min in and the run took 14.5 min; started first, it runs
 * beside the others.
 */
const LONG_FILES = ['test/flows/demo.test.ts', 'test/durability/worker-kill.test.ts', 'test/fuzz/endpoints.test.ts', 'src/http/routes/web/daily.browser.test.ts', 'src/streaming/across-processes.test.ts', 'test/flows/federation.test.ts'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONG_FILES.findIndex((p) => f.moduleId.replaceAll('\\', '/').endsWith(p));
      return i < 0 ? LONG_FILES.length : i;
    };
    return [...(await super.sort(files))].sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
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
    sequence: { sequencer: LongestFirst },
  },
});
