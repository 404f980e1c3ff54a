// A FIFO as a command's input, with no writer yet or a writer that sends nothing: the command
// waits for it, as reading a pipe does, and SIGINT or SIGTERM still ends it at once. The FIFO was
// opened (and read) blocking, in a thread of libuv's pool: the signal handler ran, but the process
// exits only once those threads are done, so it stayed alive until a writer came and went (the
// shell's Ctrl-C did nothing; only SIGKILL ended it). Real processes of the built CLI.
import {type ChildProcess, execFileSync, spawn} from 'node:child_process'
import {closeSync, constants, openSync, readFileSync, readSync, readdirSync, readlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {EXAMPLE, repoPath} from '../helpers/paths.js'
import {tempDir} from './helpers.js'

const BIN = repoPath('dist/bin/docmodel.js')
// Far above the time a signal takes to be acted on, far below "never".
const BOUND_MS = 3000

/** Whether process `pid` has `path` open (Linux: its /proc/<pid>/fd links). */
function holds(pid: number, path: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === path
      } catch {
        return false
      }
    })
  } catch {
    return false
  }
}

/** A test that holds once process `pid` has used no CPU for 100 ms (it waits: here, on a full pipe). */
function idle(pid: number): () => boolean {
  let last = ''
  let since = performance.now()
  return () => {
    let ticks: string
    try {
      ticks = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ').slice(11, 13).join(' ') // utime, stime
    } catch {
      return true // gone: nothing left to wait for
    }
    if (ticks !== last) [last, since] = [ticks, performance.now()]
    return performance.now() - since >= 100
  }
}

/** Resolves when `test` holds (checked every few ms), rejects after `ms`. */
async function until(test: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = performance.now() + ms
  while (!test()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** Starts `docmodel <args>`, waits until `ready(pid)`, sends `signal`; how it ended, and how long after. */
async function interrupt(args: string[], signal: NodeJS.Signals, ready: (pid: number) => boolean) {
  const child: ChildProcess = spawn(process.execPath, [BIN, ...args], {stdio: ['ignore', 'pipe', 'pipe']})
  let output = ''
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk))
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  try {
    await until(() => ready(child.pid!), 10_000, `${args[0]} to open its input`)
    const sent = performance.now()
    child.kill(signal)
    const code = await Promise.race([exit, new Promise<'alive'>((resolve) => setTimeout(() => resolve('alive'), BOUND_MS))])
    return {code, after: performance.now() - sent, output}
  } finally {
    child.kill('SIGKILL')
  }
}

describe.runIf(process.platform === 'linux')('a FIFO with nothing coming: a signal ends the command', {timeout: 30_000}, () => {
  it('render of a FIFO no writer has opened: SIGINT exits 130 at once, nothing written', async () => {
    const fifo = join(tempDir(), 'doc.json')
    execFileSync('mkfifo', [fifo])
    const run = await interrupt(['render', fifo], 'SIGINT', (pid) => holds(pid, fifo))
    expect(run).toMatchObject({code: 130, output: ''})
  })

  it('diff against a FIFO whose writer sends nothing: SIGTERM exits 143 at once', async () => {
    const fifo = join(tempDir(), 'doc.json')
    execFileSync('mkfifo', [fifo])
    // A writer that opens the FIFO and keeps it open without writing (as a stalled `<(command)` does).
    const writer = spawn('sh', ['-c', 'exec sleep 30 > "$1"', 'sh', fifo], {stdio: 'ignore'})
    try {
      const run = await interrupt(
        ['diff', fifo, repoPath('examples/quarterly-report.json')],
        'SIGTERM',
        (pid) => holds(pid, fifo) && holds(writer.pid!, fifo)
      )
      expect(run).toMatchObject({code: 143, output: ''})
    } finally {
      writer.kill('SIGKILL')
    }
  })

  it('render -o into a FIFO whose reader stops reading: SIGTERM exits 143 at once', async () => {
    const dir = tempDir()
    const fifo = join(dir, 'out.md')
    execFileSync('mkfifo', [fifo])
    // Markdown far beyond a pipe's 64 KiB: the writer is left waiting on the reader.
    const doc = JSON.parse(readFileSync(repoPath(EXAMPLE), 'utf8'))
    doc.pages[0].blocks[1].text = 'word '.repeat(200_000)
    writeFileSync(join(dir, 'doc.json'), JSON.stringify(doc))
    // This process is the reader: it opens the FIFO and reads one byte, once the markdown comes (a
    // write is then under way, which the full pipe stops), then no more.
    const reader = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK)
    const flowing = () => {
      try {
        return readSync(reader, Buffer.alloc(1), 0, 1, null) === 1
      } catch {
        return false // EAGAIN: nothing yet
      }
    }
    try {
      const run = await interrupt(['render', join(dir, 'doc.json'), '-o', fifo], 'SIGTERM', flowing)
      expect(run).toMatchObject({code: 143, output: ''})
    } finally {
      closeSync(reader)
    }
  })

  it('render -o /dev/stdout into a shell pipe (`| less`) whose reader stops reading: SIGTERM exits 143 at once', async () => {
    const dir = tempDir()
    const doc = JSON.parse(readFileSync(repoPath(EXAMPLE), 'utf8'))
    doc.pages[0].blocks[1].text = 'word '.repeat(200_000)
    writeFileSync(join(dir, 'doc.json'), JSON.stringify(doc))
    // The CLI's stdout is an anonymous pipe (its /dev/stdout has no path to resolve) to a reader that
    // passes on one byte, then sleeps. The shell says the CLI's pid, then its exit code.
    const script =
      '{ "$0" "$1" render "$2" -o /dev/stdout & echo "pid $!" >&2; wait $!; echo "exit $?" >&2; } | { head -c 1; exec sleep 30; }'
    const shell = spawn('sh', ['-c', script, process.execPath, BIN, join(dir, 'doc.json')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    let said = ''
    let read = ''
    shell.stderr!.on('data', (chunk: Buffer) => (said += chunk))
    shell.stdout!.on('data', (chunk: Buffer) => (read += chunk))
    try {
      await until(() => read.length > 0 && /pid \d+/.test(said), 10_000, 'the markdown to come')
      const pid = Number(/pid (\d+)/.exec(said)![1])
      await until(idle(pid), 10_000, 'the CLI to wait on the full pipe')
      process.kill(pid, 'SIGTERM')
      await until(() => /exit \d+/.test(said), BOUND_MS, 'the CLI to exit').catch(() => undefined)
      expect(/exit (\d+)/.exec(said)?.[1]).toBe('143')
    } finally {
      process.kill(-shell.pid!, 'SIGKILL')
    }
  })
})
