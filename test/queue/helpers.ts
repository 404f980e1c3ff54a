import {readFileSync, readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import type {Queue} from 'bullmq'

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
