import type {ConstructName, State} from 'mdast-util-to-markdown'

/** Runs `run` with the constructs entered, as the stock handlers' `state.enter` calls would. */
export function inConstructs<T>(state: State, names: ConstructName[], run: () => T): T {
  const depth = state.stack.length
  state.stack.push(...names)
  try {
    return run()
  } finally {
    state.stack.length = depth
  }
}
