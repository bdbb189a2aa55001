import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/redis-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Several suites start servers (sandbox, moto, the app); two cores do not gain from more workers.
    maxWorkers: 2,
  },
});
