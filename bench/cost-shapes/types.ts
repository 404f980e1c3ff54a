/** One hostile input shape for `bench/cost.ts`: the cost at 10× the size must stay ≤ 15× the cost at 1×. */
export interface CostShape {
  /** What the input is, e.g. `100k spaces in every text field`. */
  name: string
  /** The public function measured, e.g. `safeParseDocument`. */
  entry: string
  /** the input at scale n (1 or 10) */
  make(scale: number): unknown
  /** Runs the entry point once on the input (may return a promise, which is awaited). */
  run(input: unknown): unknown
}
