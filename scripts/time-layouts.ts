// Times the layout cost shapes at scales 1 and 10 outside the tests, in CPU time of this process
// (steadier than wall time on a shared machine): mean of a few runs after a warm-up.
// `npx tsx scripts/time-layouts.ts [entry]`
import {shapes} from '../bench/cost-shapes/layout.js'

const only = process.argv[2]
function cpuMs(fn: () => unknown, runs: number): string {
  try {
    fn()
    const start = process.cpuUsage()
    for (let i = 0; i < runs; i++) fn()
    const {user, system} = process.cpuUsage(start)
    return `${((user + system) / 1000 / runs).toFixed(1)} ms`
  } catch (error) {
    return `threw ${(error as Error).message.slice(0, 40)}`
  }
}
for (const shape of shapes) {
  if (only && !shape.entry.includes(only)) continue
  const small = shape.make(1)
  const large = shape.make(10)
  const cells = [cpuMs(() => shape.run(small), 20), cpuMs(() => shape.run(large), 3)]
  const ratio = cells.every((c) => c.endsWith(' ms')) ? (parseFloat(cells[1]!) / parseFloat(cells[0]!)).toFixed(1) : '–'
  console.log(`${shape.name.padEnd(45)} ${shape.entry.padEnd(28)} ×1 ${cells[0]!.padEnd(10)} ×10 ${cells[1]!.padEnd(10)} ratio ${ratio}`)
}
