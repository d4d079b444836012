import { defineConfig } from 'vitest/config';

// Three layers, as in test/: pure logic and handlers with mocked AWS clients; the local runtime
// over HTTP against DynamoDB Local and fauxqs (one shared instance per run); CDK templates.
export default defineConfig({
  test: {
    env: {
      CDK_DISABLE_CLI_TELEMETRY: 'true',
      // The functions' INFO lines would bury test failures; tests about logs set their own level.
      POWERTOOLS_LOG_LEVEL: 'WARN',
    },
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
        },
      },
    ],
  },
});
