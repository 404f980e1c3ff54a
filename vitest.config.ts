import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores: keep workers few so subprocess and server tests stay responsive.
    maxWorkers: 2,
    // Test files share each worker's module cache: loading KaTeX, zod, unified, mermaid and the
    // rest once per worker instead of once per file halves the suite (94 s → 44 s here). The
    // modules under test are pure, so no file sees another's state.
    isolate: false,
    testTimeout: 20_000
  }
})
