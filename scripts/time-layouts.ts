// Times the layout cost shapes at scales 1 and 10 (median of 5 runs after a warm-up), outside
// the tests: `npx tsx scripts/time-layouts.ts [entry]`.
import {shapes} from '../bench/cost-shapes/layout.js'

const only = process.argv[2]
function median(fn: () => unknown): string {
  const samples: number[] = []
  try {
    fn()
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now()
      fn()
      samples.push(performance.now() - t0)
    }
  } catch (error) {
    return `threw ${(error as Error).message.slice(0, 40)}`
  }
  return `${samples.sort((a, b) => a - b)[2]!.toFixed(1)} ms`
}
for (const shape of shapes) {
  if (only && !shape.entry.includes(only)) continue
  const cells = [1, 10].map((scale) => {
    const input = shape.make(scale)
    return median(() => shape.run(input))
  })
  console.log(`${shape.name.padEnd(45)} ${shape.entry.padEnd(28)} ×1 ${cells[0]!.padEnd(12)} ×10 ${cells[1]}`)
}
