import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores: keep workers few so subprocess and server tests stay responsive.
    maxWorkers: 2,
    testTimeout: 20_000
  }
})
