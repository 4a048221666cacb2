import { defineConfig } from 'vitest/config';

/**
 * The fault suite (`npm run test:faults`): damage, collisions, overload and hostile input done on
 * purpose against real processes and real index files, asserting the outcome of each.
 */
export default defineConfig({
  test: {
    include: ['tests/faults/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    pool: 'forks',
    // Fault tests start servers and builds; run the files one after another so timings hold.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
