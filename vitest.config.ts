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
    reporters: ['default', new SummaryReporter()],
  },
});
