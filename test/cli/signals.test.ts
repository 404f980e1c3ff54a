// SIGINT/SIGTERM while a command works on a large input: acted on within a turn of the event loop
// (the long loops give it one every 50 ms, see `turnDue` in src/cli/io.ts), not once the work is
// done. Real processes of the built CLI on a 54 MB document. Without the turns, preview went on
// for ~5 s after the signal, and every command here finished its output, renamed it into place,
// then exited 130: both assertions below failed.
import {type ChildProcess, spawn} from 'node:child_process'
import {readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {generateDocument} from '../../bench/generate.js'
import {repoPath} from '../helpers/paths.js'
import {tempDir} from './helpers.js'

const BIN = repoPath('dist/bin/docmodel.js')
// Far above the time the signal takes to be acted on (~50 ms; a few hundred on a loaded machine,
// 1,507 once with two suites and other work at once), below the seconds the work goes on without
// the turns (preview: ~5 s; render and filter then also leave their file, which `left` catches).
const BOUND_MS = 3000

let doc: string
beforeAll(() => {
  doc = join(tempDir(), 'doc.json')
  writeFileSync(doc, generateDocument(2000)) // 54 MB, 2,000 pages: ~1 s alone, more with two suites at once
}, 60_000)
// 54 MB left in the temporary folder by every run otherwise.
afterAll(() => rmSync(dirname(doc), {recursive: true, force: true}))

/** The temporary output file in `dir`, if any. */
const temporary = (dir: string) => readdirSync(dir).find((name) => name.endsWith('.tmp'))

/**
 * Runs the CLI in a fresh folder (`{doc}` in `args` is the document), sends `signal` once
 * `ready(folder)` holds, and says how the process ended, how long after the signal, and what it left.
 */
async function interrupt(args: string[], signal: NodeJS.Signals, ready: (dir: string) => boolean) {
  const dir = tempDir()
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args.map((arg) => (arg === '{doc}' ? doc : arg))], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk))
  let exited = false
  const exit = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      exited = true
      resolve(code)
    })
  )
  while (!exited && !ready(dir)) await new Promise((resolve) => setTimeout(resolve, 5))
  if (exited) throw new Error(`${args[0]} ended before it could be interrupted: ${stderr}`)
  const sent = performance.now()
  child.kill(signal)
  const code = await exit
  return {code, after: performance.now() - sent, stderr, left: readdirSync(dir)}
}

describe('a signal while a command works on a large document', {timeout: 60_000}, () => {
  it('preview -o: SIGINT while the pages are read and checked: exit 130 at once, no file left', async () => {
    const run = await interrupt(['preview', '{doc}', '-o', 'out.html'], 'SIGINT', (dir) => temporary(dir) !== undefined)
    expect(run).toMatchObject({code: 130, stderr: '', left: []})
    expect(run.after).toBeLessThan(BOUND_MS)
  })

  it('filter -o: SIGINT while the JSON is written: exit 130 at once, no file left', async () => {
    const writing = (dir: string) => {
      const name = temporary(dir)
      return name !== undefined && (statSync(join(dir, name), {throwIfNoEntry: false})?.size ?? 0) > 0
    }
    const run = await interrupt(['filter', '{doc}', '--types', 'paragraph', '-o', 'out.json'], 'SIGINT', writing)
    expect(run).toMatchObject({code: 130, stderr: '', left: []})
    expect(run.after).toBeLessThan(BOUND_MS)
  })

  it('render -o: SIGTERM while the pages are surveyed and rendered: exit 143 at once, no file left', async () => {
    const run = await interrupt(['render', '{doc}', '-q', '-o', 'out.md'], 'SIGTERM', (dir) => temporary(dir) !== undefined)
    expect(run).toMatchObject({code: 143, stderr: '', left: []})
    expect(run.after).toBeLessThan(BOUND_MS)
  })
})
