import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/support/summaryReporter.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores, so one on a 2-core machine; the
    // tests share no state across files (each starts its own loopback sandboxes on port 0),
    // so both cores run files side by side.
    maxWorkers: 2,
    // Each worker keeps its modules between files instead of importing them afresh for every
    // file: the same 1,134 tests in 44 s instead of 65–80 s on two cores. Safe because no test
    // relies on module state: every file starts its own sandboxes and passes its environment
    // through CommandIO, never process.env. Checked with the files in random order
    // (`npx vitest run --sequence.shuffle.files`), several seeds, on Node 20 and 24.
    isolate: false,
    reporters: ['default', new SummaryReporter()],
  },
});
