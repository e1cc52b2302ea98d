import { defineConfig } from 'vitest/config';

// `npm run bench`: benchmarks print their figures and write JSON under tests/performance/results/.
// They assert nothing about time, so a busy machine cannot make them flake.
export default defineConfig({
  test: {
    include: ['tests/performance/**/*.bench.ts'],
    testTimeout: 30 * 60_000,
    fileParallelism: false,
  },
});
