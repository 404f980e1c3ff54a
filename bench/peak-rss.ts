// Whole node processes with their peak RSS: each reports process.resourceUsage().maxRSS at exit
// through a preload, into a file of the bench's own folder. Shared by the process and memory benches.
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

export interface ProcessRun {
  /** Wall time, ms. */
  ms: number
  /** Peak resident set size, bytes. */
  rss: number
  /** Exit code (0 when it succeeded). */
  status: number
}

/** A runner of node processes that measures each one's peak RSS; its files live in `dir`. */
export function peakRssRunner(dir: string): (args: string[], cwd?: string, env?: Record<string, string>) => ProcessRun {
  const preload = join(dir, 'rss.mjs')
  const rssFile = join(dir, 'rss')
  writeFileSync(
    preload,
    `import {writeFileSync} from 'node:fs'
     process.on('exit', () => writeFileSync(process.env.RSS_FILE, String(process.resourceUsage().maxRSS * 1024)))`
  )
  return (args, cwd, env = {}) => {
    const start = performance.now()
    let status = 0
    try {
      execFileSync(process.execPath, ['--import', preload, ...args], {cwd, env: {...process.env, ...env, RSS_FILE: rssFile}, stdio: 'ignore'})
    } catch (error) {
      status = (error as {status?: number}).status ?? -1
    }
    return {ms: performance.now() - start, rss: Number(readFileSync(rssFile, 'utf8')), status}
  }
}
