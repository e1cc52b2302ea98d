import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 60_000,
    // Hooks start servers and run the CLI once; on a busy 2-core machine that takes longer than vitest's 10 s default.
    hookTimeout: 60_000,
  },
});
