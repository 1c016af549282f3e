import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit (pure code), infra (CDK assertions, no emulators) and
 * integration (real local emulators, one local stack shared by every file and
 * started once in a global setup).
 */
export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], testTimeout: 180_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/local-stack-setup.ts'],
        },
      },
    ],
  },
});
