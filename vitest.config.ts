import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The fault suite has its own run (vitest.faults.config.ts, `npm run test:faults`).
    exclude: ['tests/faults/**', 'node_modules/**'],
    // One temp folder per run, removed afterwards (tests/global-setup.ts).
    globalSetup: ['tests/global-setup.ts'],
    // Native addons (onnxruntime, hnswlib, jieba) are safest in forked processes.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
