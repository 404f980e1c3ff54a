import {type ChildProcess, spawn} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const REDIS_SERVER = '/usr/bin/redis-server'
/** Whether the queue tests can run; they skip, saying why, when Debian's redis-server is absent. */
export const hasRedis = existsSync(REDIS_SERVER)
export const skipReason = `redis-server not found at ${REDIS_SERVER}: the queue tests need it (apt-get install redis-server; .ci/run installs it)`

export interface RedisServer {
  url: string
  port: number
  stop(): Promise<void>
}

/** A free TCP port on 127.0.0.1, from the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const {port} = server.address() as {port: number}
      server.close(() => resolve(port))
    })
  })
}

/**
 * A private redis-server: a free port, a temporary directory, no persistence. Resolves once it
 * accepts connections (its own "Ready" line), retrying on another port if this one was taken.
 */
export async function startRedis(): Promise<RedisServer> {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort()
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-redis-'))
    const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const ready = await new Promise<boolean>((resolve) => {
      let seen = ''
      const look = (chunk: Buffer) => {
        seen += String(chunk)
        if (/Ready to accept connections/.test(seen)) resolve(true)
      }
      child.stdout!.on('data', look)
      child.stderr!.on('data', look)
      child.on('exit', () => resolve(false))
    })
    if (ready) {
      // Should the test process end without stopping it (a failed hook), the server goes too.
      const orphan = () => child.kill('SIGKILL')
      process.once('exit', orphan)
      return {
        url: `redis://127.0.0.1:${port}`,
        port,
        stop: () => (process.removeListener('exit', orphan), stop(child, dir))
      }
    }
    rmSync(dir, {recursive: true, force: true})
    if (attempt >= 3) throw new Error('redis-server did not start')
  }
}

async function stop(child: ChildProcess, dir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGKILL')
    await exited
  }
  rmSync(dir, {recursive: true, force: true})
}
