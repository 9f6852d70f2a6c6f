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
            failOn: 'mismatch',
          }),
        ],
      },
    ],
  },
})
