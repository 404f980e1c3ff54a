// `npm run bench:cost` (also part of `npm run bench`): for every hostile shape in bench/cost-shapes/*.ts,
// the time of run(make(10)) over the time of run(make(1)), measured in this one process (warm-up,
// then five alternating batches of each size, timed in CPU time; medians compared). A ratio above 15 is superlinear:
// the run lists it and exits 1. On a shared machine, contention only ever adds time, so a shape
// fails only when the ratio of the minima is above 15 as well.
// `tsx bench/cost.ts <text>` runs only the shapes whose file, entry or name contains <text>.
import {readdirSync, writeFileSync} from 'node:fs'
import os from 'node:os'
import type {CostShape} from './cost-shapes/types.js'

const LIMIT = 15
/** A batch repeats the run until it lasts this long, so fast shapes are not measured in timer noise. */
const BATCH_MS = 100
/** Alternating measurements of each size; the medians are compared. */
const ROUNDS = 5
const filter = process.argv[2]

const dir = new URL('./cost-shapes/', import.meta.url)
const files = readdirSync(dir)
  .filter((name) => /\.[cm]?[tj]s$/.test(name) && !name.startsWith('types.') && !name.endsWith('.d.ts'))
  .sort()
const shapes: Array<CostShape & {file: string}> = []
for (const file of files) {
  const module = (await import(new URL(file, dir).href)) as {shapes?: CostShape[]}
  if (!Array.isArray(module.shapes)) {
    console.error(`bench/cost-shapes/${file}: skipped, no \`export const shapes: CostShape[]\``)
    continue
  }
  for (const shape of module.shapes) shapes.push({...shape, file})
}
const selected = filter ? shapes.filter((s) => `${s.file} ${s.entry} ${s.name}`.includes(filter)) : shapes

const gc = (globalThis as {gc?: () => void}).gc ?? (() => {})

/**
 * Milliseconds of CPU time of this process (all its threads, the garbage collector's included): on
 * a machine shared with other work, wall time mostly measures the wait for a core, CPU time does not.
 */
function cpuMs(): number {
  const {user, system} = process.cpuUsage()
  return (user + system) / 1000
}

/** How many calls make a batch of ≥ BATCH_MS (after a warm-up call). */
async function batchSize(run: () => unknown): Promise<number> {
  await run() // warm-up
  const start = cpuMs()
  await run()
  return Math.max(1, Math.ceil(BATCH_MS / Math.max(cpuMs() - start, 0.01)))
}

/** Milliseconds (CPU) of one call in one batch. */
async function batch(run: () => unknown, repeat: number): Promise<number> {
  const start = cpuMs()
  for (let r = 0; r < repeat; r++) await run()
  return (cpuMs() - start) / repeat
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

interface Row {
  file: string
  entry: string
  name: string
  ms1: number
  ms10: number
  ratio: number
  ratioOfMinima: number
}
const superlinear = (row: Row) => row.ratio > LIMIT && row.ratioOfMinima > LIMIT
const rows: Row[] = []
const fmt = (n: number) => n.toLocaleString('en-US', {maximumFractionDigits: 2, minimumFractionDigits: 2})
console.log(`Cost ratios (time at 10× the size / time at 1×; limit ${LIMIT}), ${selected.length} shapes\n`)
console.log('| file | entry | shape | 1× ms | 10× ms | ratio | of minima |')
console.log('| --- | --- | --- | ---: | ---: | ---: | ---: |')
/** Measures one shape: both sizes in alternation, so a busy moment of the machine falls on both. */
async function measureShape(shape: CostShape & {file: string}): Promise<Row> {
  const small = shape.make(1)
  const large = shape.make(10)
  gc() // what building the inputs left behind is not the shape's cost
  const repeat1 = await batchSize(() => shape.run(small))
  const repeat10 = await batchSize(() => shape.run(large))
  const times1: number[] = []
  const times10: number[] = []
  for (let round = 0; round < ROUNDS; round++) {
    times1.push(await batch(() => shape.run(small), repeat1))
    times10.push(await batch(() => shape.run(large), repeat10))
  }
  const ms1 = median(times1)
  const ms10 = median(times10)
  // Contention only ever adds time: a shape fails when the ratio of medians and of minima both exceed the limit.
  const ratioOfMinima = Math.min(...times10) / Math.min(...times1)
  return {file: shape.file, entry: shape.entry, name: shape.name, ms1, ms10, ratio: ms10 / ms1, ratioOfMinima}
}

const broken: string[] = []
for (const shape of selected) {
  let row: Row
  try {
    row = await measureShape(shape)
  } catch (error) {
    // A shape that throws is a failure of the run, reported in one line, not a stack trace.
    broken.push(
      `  ${shape.file}: ${shape.entry} on ${shape.name}: threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`
    )
    console.log(`| ${shape.file} | ${shape.entry} | ${shape.name} | – | – | threw | ✗ |`)
    continue
  }
  rows.push(row)
  const flag = superlinear(row) ? ' ✗' : ''
  console.log(
    `| ${row.file} | ${row.entry} | ${row.name} | ${fmt(row.ms1)} | ${fmt(row.ms10)} | ${fmt(row.ratio)} | ${fmt(row.ratioOfMinima)}${flag} |`
  )
}

if (!filter)
  writeFileSync(
    new URL('./cost-results.json', import.meta.url),
    JSON.stringify(
      {
        date: new Date().toISOString().slice(0, 10),
        machine: `${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`,
        limit: LIMIT,
        rows
      },
      null,
      2
    ) + '\n'
  )

const bad = rows.filter(superlinear)
if (broken.length > 0) {
  console.error(`\nFAIL: ${broken.length} shape(s) threw:`)
  for (const line of broken) console.error(line)
  process.exitCode = 1
}
if (bad.length > 0) {
  console.error(`\nFAIL: ${bad.length} shape(s) cost more than ${LIMIT}× at 10× the size:`)
  for (const r of bad)
    console.error(
      `  ${r.file}: ${r.entry} on ${r.name}: ${fmt(r.ratio)}× (${fmt(r.ms1)} ms → ${fmt(r.ms10)} ms; minima ${fmt(r.ratioOfMinima)}×)`
    )
  process.exitCode = 1
} else if (broken.length === 0) console.log(`\nOK: every shape stays within ${LIMIT}× at 10× the size.`)
