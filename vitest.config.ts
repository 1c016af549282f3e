import { defineConfig } from 'vitest/config';

/**
 * Three projects: unit (pure code), infra (CDK assertions, no emulators) and
 * integration (real local emulators, one local stack shared by every file and
 * started once in a global setup).
 */
const WITHOUT_LOCAL_STACK_ENV = 'test/support/without-local-stack-env.ts';

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 120_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], setupFiles: [WITHOUT_LOCAL_STACK_ENV] } },
      { extends: true, test: { name: 'infra', include: ['test/infra/**/*.test.ts'], setupFiles: [WITHOUT_LOCAL_STACK_ENV], testTimeout: 180_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts', 'test/browser/**/*.test.ts'],
          globalSetup: ['test/support/local-stack-setup.ts'],
        },
      },
    ],
  },
});
