import { defineConfig } from 'vitest/config'
import { abgate } from './src/index.ts'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [
          abgate({
            dir: 'test_suites/production_ab',
            // Mismatches are reported, not failed one by one: the gate decides.
            failOn: 'none',
            groupBy: ['category', 'model_version'],
            // Four test files, so that workers and --shard=i/n (n ≤ 4) apply.
            chunkSize: 200,
            gate: {
              // Each category on its point estimate (most are too small for a
              // 15% upper bound); the whole suite on the upper 95% bound.
              each: {
                maxFalsePositiveRate: 0.1,
                maxFalseNegativeRate: 0.15,
                minSamples: 30,
              },
              total: {
                maxFalsePositiveRate: 0.1,
                maxFalseNegativeRate: 0.15,
                basis: 'upper',
                maxRegressions: 25,
                maxErrors: 0,
              },
            },
          }),
        ],
      },
    ],
  },
})
