import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {STATE_FILE} from '../../src/cli/batch/state.js'
import type {Queue} from 'bullmq'
import {repoPath} from '../helpers/paths.js'

/** Waits (on the job's state, never a fixed time) until the job has completed or failed for good. */
export async function settled(queue: Queue, id: string, pollMs = 20): Promise<'completed' | 'failed'> {
  for (;;) {
    const state = await queue.getJobState(id)
    if (state === 'completed' || state === 'failed') return state
    await new Promise((resolve) => setTimeout(resolve, pollMs))
  }
}

/** Polls a condition until it holds. */
export async function until(condition: () => boolean | Promise<boolean>, pollMs = 20): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, pollMs))
}

/** Every file below a directory, relative path → its bytes as latin1 text (one char per byte: exact, and quick to compare). */
export function tree(dir: string): Map<string, string> {
  const files = new Map<string, string>()
  const walk = (at: string) => {
    for (const entry of readdirSync(at, {withFileTypes: true})) {
      const path = join(at, entry.name)
      if (entry.isDirectory()) walk(path)
      else files.set(relative(dir, path), readFileSync(path, 'latin1'))
    }
  }
  if (statSync(dir, {throwIfNoEntry: false})) walk(dir)
  return files
}

/** What a batch run wrote as outputs: its tree without its own report and resume record. */
export function batchOutputs(dir: string): Map<string, string> {
  const files = tree(dir)
  files.delete('batch-report.json')
  files.delete(STATE_FILE)
  return files
}

/**
 * How to start the CLI as a process: the build when it is newer than every source file (npm test
 * builds first; it starts in a fraction of tsx's time), else the sources through tsx.
 */
export function cliCommand(): string[] {
  const newest = (dir: string, ext: string): number =>
    readdirSync(dir, {withFileTypes: true}).reduce((latest, entry) => {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) return Math.max(latest, newest(path, ext))
      return entry.name.endsWith(ext) ? Math.max(latest, statSync(path).mtimeMs) : latest
    }, 0)
  const built = statSync(repoPath('dist/bin/docmodel.js'), {throwIfNoEntry: false})
  const fresh = built !== undefined && statSync(repoPath('dist'), {throwIfNoEntry: false}) !== undefined && newest(repoPath('dist'), '.js') >= newest(repoPath('src'), '.ts')
  return fresh ? [repoPath('dist/bin/docmodel.js')] : ['--import', 'tsx', repoPath('src/cli/main.ts')]
}
