// Measurement aid, not part of `npm test`: `npx vitest run --config vitest.cpu.config.ts` records each
// test file's CPU seconds (the worker's own user+sys, plus its reaped children: CLI subprocesses,
// redis, Chromium) and wall seconds, one JSON line per file, in $CPU_LOG.
import {appendFileSync, readFileSync} from 'node:fs'
import {PerformanceObserver} from 'node:perf_hooks'
import {afterAll, expect} from 'vitest'

const ticks = () => {
  // /proc/self/stat fields 14-17: utime, stime, cutime, cstime (clock ticks, 100 per second).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')
  const [utime, stime, cutime, cstime] = fields.slice(11, 15).map(Number)
  return {own: utime! + stime!, children: cutime! + cstime!}
}
// The setup file runs again before each test file (also with isolate: false), so this counts the
// file's imports and collection too.
const start = ticks()
// Garbage collection's share: pauses observed while the file runs, and the heap it leaves.
let gc = 0
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gc += entry.duration
})
observer.observe({entryTypes: ['gc']})
const heapBefore = process.memoryUsage().heapUsed
const wall = performance.now()
afterAll(() => {
  const end = ticks()
  const file = expect.getState().testPath ?? '?'
  const line = {
    file: file.replace(/^.*?\/test\//, ''),
    own: (end.own - start.own) / 100,
    children: (end.children - start.children) / 100,
    wall: (performance.now() - wall) / 1000,
    gc: gc / 1000,
    heapMB: [heapBefore, process.memoryUsage().heapUsed].map((bytes) => Math.round(bytes / 2 ** 20)),
    // The worker, and what it still holds open as the file ends (a timer or socket left behind keeps
    // working while the next files run, charged to them).
    pid: process.pid,
    active: process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap')
  }
  observer.disconnect()
  if (process.env.CPU_LOG) appendFileSync(process.env.CPU_LOG, JSON.stringify(line) + '\n')
})
