import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

/** `npm run test:faults`: only the long fault drills, one file at a time (each loads the machine on its own). */
export default defineConfig({
  test: {
    ...base.test,
    include: ['test/faults/**/*.drill.ts'],
    testTimeout: 300_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
    fileParallelism: false,
  },
});
