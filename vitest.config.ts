import {fileURLToPath} from 'node:url'
import {defineConfig} from 'vitest/config'

export default defineConfig({
  // `test.prop` without the ~2.5 CPU-s per worker that @fast-check/vitest takes to load (see the file).
  resolve: {alias: {'@fast-check/vitest': fileURLToPath(new URL('test/helpers/fast-check-vitest.ts', import.meta.url))}},
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/temporary-folder.ts'],
    // Two cores: keep workers few so subprocess and server tests stay responsive.
    maxWorkers: 2,
    // Test files share each worker's module cache: loading KaTeX, zod, unified, mermaid and the
    // rest once per worker instead of once per file halves the suite (94 s → 44 s here). The
    // modules under test are pure, so no file sees another's state.
    isolate: false,
    // A larger young generation: the property and hostile-input tests allocate fast; with the default
    // (16 MB) garbage collection was a fifth of the workers' CPU profile. 64 MB: ~6% less CPU.
    // GC on the worker's own thread: with both cores busy (two workers, subprocesses, another suite),
    // V8's helper threads only wait for each other; two suites of four heavy files at once, three
    // times each way, interleaved: 51.5 → 45.2 CPU-s.
    execArgv: ['--max-semi-space-size=64', '--single-threaded-gc'],
    testTimeout: 20_000,
    // Each module as vite transformed it, kept on disk between runs (node_modules/.experimental-vitest-cache,
    // keyed by the file's path and content, vitest's version and this config; cleared when the lockfile
    // changes): a run transforms only what changed. ~1.5 of ~13 CPU-s on a third of the suite.
    experimental: {fsModuleCache: true}
  }
})
