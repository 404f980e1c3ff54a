import {readdirSync} from 'node:fs'
import {getPriority, setPriority} from 'node:os'

/** How much nicer the background threads are made (Linux nice values: 0 is the default, 19 the nicest). */
export const BACKGROUND_NICENESS = 10

/**
 * Lets the main thread go first: a command's work runs on the main thread, while V8's worker
 * threads (four, started with the process) compile hot functions and help the collector. On a
 * machine with few cores they take turns with the main thread: a render of the 27.6 MB bench
 * document spends ~0.5 s of TurboFan compilation beside ~0.65 s of its own work, so on two cores
 * the main thread waits for a core while it could run. Linux gives each thread its own nice value;
 * the threads that exist now, all but the main one (V8's workers, and libuv's pool once the module
 * loader has read files with it), are made `BACKGROUND_NICENESS` nicer, so they take what the main
 * thread leaves (on a machine with cores to spare, nothing changes). Threads started later (worker
 * threads) keep the process's priority. Elsewhere nothing is changed: no `tasks` folder (not
 * Linux), one that does not list the main thread by the process's id (a /proc of another PID
 * namespace), a nice value that cannot be raised. Answers how many threads were made nicer.
 */
export function yieldToMainThread(tasks = '/proc/self/task'): number {
  let ids: number[]
  try {
    ids = readdirSync(tasks).map(Number)
  } catch {
    return 0
  }
  if (!ids.includes(process.pid)) return 0
  let changed = 0
  for (const id of ids) {
    if (id === process.pid || !Number.isSafeInteger(id)) continue
    try {
      setPriority(id, Math.min(19, getPriority(id) + BACKGROUND_NICENESS))
      changed++
    } catch {
      // Gone since the listing, or not ours to change: it keeps its priority.
    }
  }
  return changed
}
