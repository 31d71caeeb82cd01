import { defineConfig } from 'vitest/config';
import SummaryReporter from './test/support/summaryReporter.ts';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    reporters: ['default', new SummaryReporter()],
  },
});
