// `vitest.config.ts` with a setup file that logs each test file's CPU and wall seconds to $CPU_LOG
// (see test/helpers/cpu-per-file.ts). For measuring the suite, not for `npm test`.
import {defineConfig, mergeConfig} from 'vitest/config'
import base from './vitest.config.js'

export default mergeConfig(base, defineConfig({test: {setupFiles: ['test/helpers/cpu-per-file.ts']}}))
