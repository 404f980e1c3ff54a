// What the suite uses of `@fast-check/vitest` (`test.prop`, `it.prop`, `fc`), put in its place by
// vitest.config.ts's alias; the files keep importing `@fast-check/vitest` (its types). Why: the
// package builds `.prop` into every chain of vitest's modifiers (`test.skip.only.concurrent…`, each
// order) as it loads, ~2.5 CPU-s in each worker, a twentieth of the suite. Runs as the package's do:
// one vitest test per property, its seed in the name, `fc.assert` of an async property (a `false`
// returned fails it, as does a throw), the parameters given passed on.
import * as fc from 'fast-check'
import {test as vitestTest} from 'vitest'

function prop<Ts extends [unknown, ...unknown[]]>(arbitraries: {[K in keyof Ts]: fc.Arbitrary<Ts[K]>}, params: fc.Parameters<Ts> = {}) {
  return (name: string, predicate: (...args: Ts) => unknown, timeout?: number) => {
    // A seed set with fc.configureGlobal (a setup file replaying seeds, README "Development") is honoured.
    const seed = params.seed ?? fc.readConfigureGlobal().seed ?? Date.now() ^ (Math.random() * 0x100000000)
    const property = fc.asyncProperty(...arbitraries, (...args: Ts) => Promise.resolve(predicate(...args)) as Promise<boolean | void>)
    vitestTest(`${name} (with seed=${seed})`, () => fc.assert(property, {...params, seed}), timeout)
  }
}

/** vitest's `test`, with `.prop`. */
export const test = new Proxy(vitestTest, {get: (target, key, receiver) => (key === 'prop' ? prop : Reflect.get(target, key, receiver))})
export const it = test
export {fc}
