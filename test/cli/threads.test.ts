// The CLI lets its main thread go first (src/cli/threads.ts): every other thread of the process,
// V8's compiler and collector workers among them, is made nicer on Linux. Read from /proc while a
// real CLI process waits on its stdin.
import {spawn} from 'node:child_process'
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'
import {BACKGROUND_NICENESS, yieldToMainThread} from '../../src/cli/threads.js'
import {repoPath} from '../helpers/paths.js'

/** Each thread's nice value (field 19 of its stat line, after the parenthesised name). */
function niceness(pid: number): Map<number, number> {
  const values = new Map<number, number>()
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8')
      values.set(Number(task), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]))
    } catch {} // ended since the listing
  }
  return values
}

describe.runIf(existsSync('/proc/self/task'))('the CLI lets its main thread go first', () => {
  it('every thread but the main one is nicer while a command runs', {timeout: 20_000}, async () => {
    const child = spawn(process.execPath, [repoPath('dist/bin/docmodel.js'), 'render', '-'], {stdio: ['pipe', 'ignore', 'ignore']})
    const exited = new Promise((resolve) => child.on('exit', resolve))
    try {
      // The command waits on stdin (kept open): poll until the threads are seen changed, or give up.
      let seen = new Map<number, number>()
      for (const until = Date.now() + 15_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 20))) {
        seen = niceness(child.pid!)
        if ([...seen.values()].filter((value) => value === BACKGROUND_NICENESS).length >= 4) break
      }
      expect(seen.get(child.pid!)).toBe(0)
      const others = [...seen].filter(([id]) => id !== child.pid).map(([, value]) => value)
      // V8's four workers at least, all made nicer (threads started later may keep 0).
      expect(others.filter((value) => value === BACKGROUND_NICENESS).length).toBeGreaterThanOrEqual(4)
    } finally {
      child.stdin!.end()
      await exited
    }
  })

  it('without /proc, or with one that does not list the main thread by its id, it changes nothing', () => {
    expect(yieldToMainThread('/no/such/proc/task')).toBe(0)
    // A listing without this process's id, naming another process's thread (which, without the
    // check, would be made nicer: it is ours to change).
    const other = mkdtempSync(join(tmpdir(), 'docmodel-tasks-'))
    const sleeper = spawn('sleep', ['30'])
    try {
      mkdirSync(join(other, String(sleeper.pid)))
      expect(yieldToMainThread(other)).toBe(0)
      expect(niceness(sleeper.pid!).get(sleeper.pid!)).toBe(0)
    } finally {
      sleeper.kill()
      rmSync(other, {recursive: true})
    }
  })
})
