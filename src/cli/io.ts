import {randomUUID} from 'node:crypto'
import {closeSync, constants, createWriteStream, fchmodSync, fchownSync, fstat, fstatSync, openSync, type Stats, unlinkSync, writeSync} from 'node:fs'
import {type FileHandle, lstat, mkdir, open, readlink, realpath, rename, rm, stat, writeFile} from 'node:fs/promises'
import {basename, dirname, isAbsolute, join, resolve} from 'node:path'
import {finished} from 'node:stream/promises'
import {fileURLToPath} from 'node:url'
import {InputError, UsageError, describeErrno} from './errors.js'
import {type WritableLike, writePieces} from '../render/write.js'
import {escapeControl, oneLineName} from './terminal.js'
import {type Path, formatPath} from '../issues.js'

/** The process's streams and environment, injectable so commands run in-process in tests. */
export interface CliIo {
  stdin: NodeJS.ReadableStream & {isTTY?: boolean}
  stdout: NodeJS.WritableStream & {isTTY?: boolean}
  stderr: NodeJS.WritableStream & {isTTY?: boolean}
  env: Record<string, string | undefined>
  /** Where relative paths start (default: `process.cwd()`). */
  cwd?: string
  /** Aborted on SIGINT/SIGTERM; a command that can stop cleanly (batch) listens to it. */
  signal?: AbortSignal
}

/** 512 MiB: far above real documents, below V8's longest string. */
export const DEFAULT_MAX_INPUT_BYTES = 512 * 1024 * 1024

export const EXAMPLE_URL = new URL('../../examples/quarterly-report.json', import.meta.url)

/** A path from the command line, made absolute against the CLI's working directory. */
export const resolvePath = (io: CliIo, path: string) => (isAbsolute(path) ? path : resolve(io.cwd ?? process.cwd(), path))

export interface Input {
  bytes: Uint8Array
  /** For messages: the path as given, or `stdin`. */
  name: string
  /** The absolute path, for files. */
  path?: string
  /** Device and inode of what was read (a file, or stdin redirected from one): output over it is refused. */
  identity?: FileIdentity
}

/** What makes a file the same file, whatever path names it. */
export interface FileIdentity {
  dev: number
  ino: number
}

/**
 * The bytes of a file, or of stdin for `-` or no file (when stdin is not a terminal), at most
 * `maxBytes` of them. With no file and stdin a terminal: the fallback (the bundled example) if
 * any, else a usage error.
 */
export async function readInput(file: string | undefined, io: CliIo, maxBytes: number, fallback?: URL): Promise<Input> {
  if (file === undefined && io.stdin.isTTY) {
    if (fallback) return {bytes: await readLimited(fileURLToPath(fallback), 'the bundled example', maxBytes), name: 'the bundled example'}
    throw new UsageError('no input: give a file, or pipe JSON to stdin (or use -)')
  }
  if (file === undefined || file === '-') {
    // Stdin redirected from a file (`< doc.json`) is that file: taken before reading, while the descriptor is open.
    const identity = await stdinIdentity(io.stdin)
    return {bytes: await readStream(io.stdin, 'stdin', maxBytes), name: 'stdin', ...(identity ? {identity} : {})}
  }
  const path = resolvePath(io, file)
  const identity = await stat(path).then(identityOf, () => undefined)
  const name = oneLineName(file)
  return {bytes: await readLimited(path, name, maxBytes, {pipes: true}), name, path, ...(identity ? {identity} : {})}
}

const identityOf = ({dev, ino}: {dev: number; ino: number}): FileIdentity => ({dev, ino})

/** The identity of the regular file stdin reads from, if it reads from one (a pipe or terminal has none worth comparing). */
async function stdinIdentity(stdin: CliIo['stdin']): Promise<FileIdentity | undefined> {
  const fd = (stdin as {fd?: unknown}).fd
  if (typeof fd !== 'number') return undefined
  const info = await new Promise<Stats | undefined>((resolve) => fstat(fd, (error, stats) => resolve(error ? undefined : stats)))
  return info?.isFile() ? identityOf(info) : undefined
}

/**
 * Whether two paths name the same file: the same device and inode when both exist; otherwise the
 * same place once links are followed (a link to a file not yet written included).
 */
export async function sameFile(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([stat(a).catch(() => undefined), stat(b).catch(() => undefined)])
  if (x && y) return x.dev === y.dev && x.ino === y.ino
  return (await whereItLeads(a)) === (await whereItLeads(b))
}

/** The absolute path a path leads to once every link on it is followed, for a file that may not exist yet. */
async function whereItLeads(path: string): Promise<string> {
  let current = resolve(path)
  for (let hops = 0; hops < 40; hops++) {
    const real = await realpath(current).catch(() => undefined)
    if (real !== undefined) return real
    const link = await lstat(current).catch(() => undefined)
    if (!link?.isSymbolicLink()) break
    current = resolve(dirname(current), await readlink(current))
  }
  const parent = await realpath(dirname(current)).catch(() => dirname(current))
  return join(parent, basename(current))
}

/**
 * A regular file's bytes, at most `maxBytes` of them: a larger file is refused before it is read
 * (and one that grows while read, as soon as it passes the limit). With `pipes`, a FIFO (a named
 * pipe, or the shell's `<(command)`) is read as stdin is: a stream, within the same limit.
 * Anything else is refused unread: a directory, a device (`/dev/zero`), a socket, and a FIFO
 * without `pipes` (a folder's files are never waited on). Files are opened non-blocking, so the
 * open never waits (a FIFO with `pipes` waits for its writer, as stdin does); the type is checked
 * on the open file, so a path swapped after a check cannot slip through.
 */
export async function readLimited(path: string, name: string, maxBytes: number, {pipes = false} = {}): Promise<Uint8Array> {
  if (pipes) {
    // A FIFO is opened only once: a second reader could lose what the writer sent.
    const info = await stat(path).catch(() => undefined)
    if (info?.isFIFO()) return readPipe(path, info, name, maxBytes).catch((error: unknown) => {
      if (error instanceof InputError) throw error
      throw new InputError('unreadable', `cannot read ${name}: ${describeErrno(error)}`)
    })
  }
  let handle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    throw new InputError(
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no_such_file' : 'unreadable',
      `cannot read ${name}: ${describeErrno(error)}`
    )
  }
  try {
    const info = await handle.stat()
    if (!info.isFile()) throw notAFile(name, info)
    if (info.size > maxBytes) throw tooLarge(name, maxBytes)
    return await readFile(handle, info.size, name, maxBytes)
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError('unreadable', `cannot read ${name}: ${describeErrno(error)}`)
  } finally {
    await handle.close()
  }
}

/**
 * A regular file's bytes, read into one buffer of its size (not gathered in chunks and copied:
 * the input is held once, not twice, while it is read); a file that grows meanwhile is read on
 * to its end, within the limit.
 */
async function readFile(handle: FileHandle, size: number, name: string, maxBytes: number): Promise<Uint8Array> {
  const buffer = Buffer.allocUnsafe(size)
  let filled = 0
  while (filled < size) {
    const {bytesRead} = await handle.read(buffer, filled, Math.min(size - filled, 1 << 24), filled)
    if (bytesRead === 0) return buffer.subarray(0, filled) // it shrank
    filled += bytesRead
  }
  const chunks: Buffer[] = [buffer]
  let total = size
  for await (const chunk of handle.createReadStream({start: size, highWaterMark: 1 << 20, autoClose: false}) as AsyncIterable<Buffer>) {
    total += chunk.length
    if (total > maxBytes) throw tooLarge(name, maxBytes)
    chunks.push(chunk)
  }
  return chunks.length === 1 ? buffer : Buffer.concat(chunks, total)
}

/**
 * A FIFO's bytes, read as stdin is: checked to be the FIFO that was asked for, and read to its end
 * within the limit, waiting for a writer if none has come yet. Opened non-blocking and read by the
 * event loop (a pipe handle, as stdin's), not by a thread of libuv's pool: a process exits only
 * once those threads are done, so a blocking open or read there (no writer yet, or a silent one)
 * kept a process that got SIGINT or SIGTERM alive until the writer came. Linux reports no
 * hang-up to a reader before its first writer has come and gone, so the read waits as a blocking
 * open would.
 */
async function readPipe(path: string, first: Stats, name: string, maxBytes: number): Promise<Uint8Array> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK)
  let info: Stats
  try {
    info = fstatSync(fd)
  } catch (error) {
    closeSync(fd)
    throw error
  }
  if (!info.isFIFO() || info.ino !== first.ino || info.dev !== first.dev) {
    closeSync(fd)
    throw notAFile(name, info)
  }
  const {Socket} = await import('node:net')
  const pipe = new Socket({fd, readable: true, writable: false})
  try {
    return await readStream(pipe, name, maxBytes)
  } finally {
    pipe.destroy()
  }
}

/** Reads a stream to its end, failing as soon as it passes the limit (so an endless stream costs `maxBytes` at most). */
export async function readStream(stream: AsyncIterable<unknown>, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    size += buffer.length
    if (size > maxBytes) throw tooLarge(name, maxBytes)
    chunks.push(buffer)
  }
  return Buffer.concat(chunks, size)
}

/** A path that is not a regular file: read from it as stdin (`-`) if that is what is meant. */
function notAFile(name: string, info: Stats): InputError {
  if (info.isDirectory()) return new InputError('unreadable', `cannot read ${name}: it is a directory`)
  const kind = info.isFIFO()
    ? 'a FIFO'
    : info.isSocket()
      ? 'a socket'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : 'a special file'
  return new InputError('not_a_file', `cannot read ${name}: it is ${kind}, not a regular file (to read a stream, pipe it to stdin: -)`)
}

const tooLarge = (name: string, maxBytes: number) =>
  new InputError(
    'input_too_large',
    `${name} is larger than the input limit of ${formatBytes(maxBytes)}; raise it with --max-input-bytes (e.g. --max-input-bytes 2G)`
  )

/** `512 MiB`, `1.5 KiB`, `12 bytes`. */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${unit === 0 ? value : Number(value.toFixed(1))} ${units[unit]}`
}

/** `--max-input-bytes`: a whole number of bytes, or with a binary suffix (`64K`, `512M`, `2G`). */
export function byteSize(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+)([kmgt]?)(?:i?b)?$/i.exec(value.trim())
  const bytes = match ? Number(match[1]) * 1024 ** ' kmgt'.indexOf((match[2] || ' ').toLowerCase()) : NaN
  if (!(bytes > 0) || !Number.isSafeInteger(bytes))
    throw new UsageError(`--${flag}: expected a size in bytes like 1048576, 64K, 512M or 2G, got ${JSON.stringify(value)}`)
  return bytes
}

const utf8 = new TextDecoder('utf-8', {fatal: true})

/**
 * The bytes as text: UTF-8, a leading byte-order mark dropped. UTF-16/32 and other encodings are
 * refused with the command that converts them.
 */
export function decodeInput({bytes, name}: Input): string {
  const encoding = wideEncoding(bytes)
  const convert = `convert it first, e.g. iconv -f ${encoding ?? 'WINDOWS-1252'} -t UTF-8 ${name === 'stdin' ? 'in.json' : name} > utf8.json`
  if (encoding) throw new InputError('not_utf8', `${name} looks like ${encoding} text, but docmodel reads UTF-8: ${convert}`)
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    throw new InputError('not_utf8', `${name} is not valid UTF-8 (Latin-1 or Windows-1252?): ${convert}`)
  }
  if (text.trim() === '') throw new InputError('empty_input', `${name} is empty: expected a JSON document or job response`)
  return text
}

/** UTF-16/32 told by a byte-order mark, or by the zero bytes around the first (ASCII) character of JSON. */
function wideEncoding(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return b[2] === 0 && b[3] === 0 ? 'UTF-32LE' : 'UTF-16LE'
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16BE'
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'UTF-32BE'
  if (b.length >= 2 && b[0] === 0 && b[1] !== 0) return 'UTF-16BE'
  if (b.length >= 2 && b[0] !== 0 && b[1] === 0) return b[2] === 0 && b[3] === 0 ? 'UTF-32LE' : 'UTF-16LE'
  return undefined
}

/**
 * Where a command's output goes: stdout (no `-o`, or `-o -`) or a file, refused when the file is
 * one of the inputs (writing would destroy what is being read).
 */
export async function outputTarget(output: string | undefined, inputs: readonly Input[] | readonly string[], io: CliIo) {
  const path = await outputPath(output, inputs, io)
  if (path === undefined) return (text: string) => writeData(io, text)
  // As `outputStream` writes: a file under a temporary name, renamed when whole, so a failed write
  // (a full disk) leaves the file as it was, not half the output under its name.
  return async (text: string) => {
    const out = await outputStream(output, inputs, io)
    try {
      await writeBatched(out.stream, [text])
      await out.close()
    } catch (error) {
      await out.abort()
      throw out.failure(error)
    }
  }
}

/** The absolute path `-o` names, undefined for stdout; a usage error when it is one of the inputs. */
async function outputPath(output: string | undefined, inputs: readonly Input[] | readonly string[], io: CliIo) {
  if (output === undefined || output === '-') return undefined
  // An empty name resolves to the working folder: "cannot write : is a directory" said nothing useful.
  if (output.trim() === '') throw new UsageError(`expected a file name for the output, got ${JSON.stringify(output)} (- for stdout)`)
  const path = resolvePath(io, output)
  const target = await stat(path).catch(() => undefined)
  for (const input of inputs) {
    const inputPath = typeof input === 'string' ? resolvePath(io, input) : input.path
    const identity = typeof input === 'string' ? undefined : input.identity
    const over =
      (target !== undefined && identity !== undefined && target.dev === identity.dev && target.ino === identity.ino) ||
      (inputPath !== undefined && (await sameFile(inputPath, path)))
    if (over)
      throw new UsageError(
        `refusing to write the output over the input ${typeof input === 'string' ? input : input.name}: choose another -o`
      )
  }
  return path
}

/** A stream of output and how to finish it (see `outputStream`). */
export interface OutputStream {
  stream: WritableLike
  /** Whether nothing is seen before `close` (a file written under a temporary name): a failure before leaves no trace. */
  atomic: boolean
  /** Waits until everything is written; a file is then renamed into place. */
  close(): Promise<void>
  /** Gives up: a file being written is removed. */
  abort(): Promise<void>
  /** The error to report for a failure while writing: the stream's own as a clear input error, others as they are. */
  failure(error: unknown): unknown
}

/**
 * Streamed output, for output too large to hold: stdout (as `writeData` writes it), or a file
 * written under a temporary name beside it and renamed into place when complete, so a failure
 * never leaves half a file under the real name. Refuses the inputs as targets, as `outputTarget`.
 */
export async function outputStream(
  output: string | undefined,
  inputs: readonly Input[] | readonly string[],
  io: CliIo
): Promise<OutputStream> {
  const path = await outputPath(output, inputs, io)
  if (path === undefined) {
    // stdout's own failures (a reader gone, a full disk) are not this stream's: main.ts notes them
    // and decides the exit code. Once stdout is closed, the rest is dropped instead of awaited.
    const stdout = io.stdout as NodeJS.WritableStream & {isTTY?: boolean; destroyed?: boolean}
    // stdout into a file or a pipe is written synchronously and seldom asks to wait: a turn of the
    // event loop is asked for instead when one is due (see `turnDue`), as a drain.
    let turn = false
    let waiting = false
    const stream: WritableLike = {
      write: (text, taken) => {
        const more = stdout.destroyed === true || stdout.write(stdout.isTTY ? escapeControl(text) : text)
        if (taken) setImmediate(taken) // handed over: stdout's own errors are main.ts's
        turn = more && turnDue()
        return more && !turn
      },
      once: (event, listener) => {
        if (event !== 'drain') return
        if (turn) return void nextTurn().then(listener)
        waiting = true
        stdout.once('drain', listener)
        stdout.once('close', listener)
      },
      removeListener: (event, listener) => {
        if (event !== 'drain' || !waiting) return // as `once`: only drain listeners were added, and only when stdout was full
        waiting = false
        stdout.removeListener('drain', listener)
        stdout.removeListener('close', listener)
      }
    }
    return {stream, atomic: false, close: async () => {}, abort: async () => {}, failure: (error) => error}
  }
  const unwritable = (error: unknown) => new InputError('unwritable', `cannot write ${output}: ${describeErrno(error)}`)
  // A link is followed (the file it names is replaced, not the link); a device, a FIFO or a
  // dangling link is written through, as a shell's `>` would.
  const resolved = await realpath(path).catch(() => undefined)
  const existing = resolved === undefined ? await lstat(path).catch(() => undefined) : await stat(resolved)
  if (existing && !(resolved !== undefined && existing.isFile())) {
    // A FIFO, or a pipe (`-o /dev/stdout` into `| less`): the link followed, which realpath cannot do for a pipe.
    const pipe = await stat(path).then((info) => info.isFIFO(), () => false)
    const through = pipe ? await fifoWriter(path).catch((error: unknown) => Promise.reject(unwritable(error))) : createWriteStream(path, {flags: 'w'})
    const failed = streamFailure(through)
    return {
      stream: through,
      atomic: false,
      failure: (error) => (failed(error) ? unwritable(error) : error),
      async close() {
        through.end()
        await finished(through).catch((error: unknown) => {
          throw unwritable(error)
        })
      },
      async abort() {
        through.destroy()
      }
    }
  }
  const target = resolved ?? path
  const temporary = temporaryBeside(target, `${process.pid}.${randomUUID().slice(0, 8)}`)
  let fd: number
  try {
    fd = openSync(temporary, 'wx')
  } catch (error) {
    throw unwritable(error)
  }
  // The file replaced keeps its owner and group where this process may give them (root may; a
  // user may pick one of its own groups), then its permission bits (set-id bits aside): a file
  // made private stays private. At best: what is refused (another's file, a file system without
  // owners or modes) is left as a new file has it, and the output is still written.
  if (existing) {
    try {
      fchownSync(fd, existing.uid, existing.gid)
    } catch {}
    try {
      fchmodSync(fd, existing.mode & 0o777)
    } catch {}
  }
  unfinished(temporary, true)
  // Written synchronously: a piece is on its way to the disk when `write` returns, so no piece
  // waits in memory and no write costs a turn of the event loop (the file is seen only once renamed).
  const errors = new Set<unknown>()
  let open = true
  // One buffer the pieces are encoded into, grown to the largest: not a new one per piece, which
  // the collector would free only later (each is outside the heap).
  let encoded = Buffer.allocUnsafeSlow(0)
  const stream: WritableLike = {
    write(chunk, callback) {
      let error: unknown = errors.values().next().value // after a failure, nothing more is written
      if (error === undefined)
        try {
          // Three bytes per UTF-16 unit at most: every piece fits whole.
          if (encoded.length < 3 * chunk.length) encoded = Buffer.allocUnsafeSlow(Math.max(3 * chunk.length, 1 << 16))
          const size = encoded.write(chunk, 'utf8')
          for (let at = 0; at < size;) at += writeSync(fd, encoded, at, size - at)
        } catch (caught) {
          errors.add((error = caught))
        }
      if (callback) queueMicrotask(() => callback(error as Error | undefined))
      return !turnDue()
    },
    // Never full: a drain is asked for only to give the event loop its turn.
    once: (event, listener) => (event === 'drain' && void nextTurn().then(listener), stream),
    removeListener: () => stream
  }
  const shut = () => {
    if (open) closeSync(fd)
    open = false
  }
  return {
    stream,
    atomic: true,
    failure: (error) => (errors.has(error) ? unwritable(error) : error),
    async close() {
      try {
        shut()
        await rename(temporary, target)
      } catch (error) {
        await rm(temporary, {force: true})
        throw unwritable(error)
      } finally {
        unfinished(temporary, false)
      }
    },
    async abort() {
      try {
        shut()
      } finally {
        await rm(temporary, {force: true})
        unfinished(temporary, false)
      }
    }
  }
}

/**
 * A FIFO to write into, as stdout into a pipe: opened once a reader has it open, then written by
 * the event loop (a pipe handle). Neither the open nor a write may wait in a thread of libuv's
 * pool, which a process exits only once done with (`readPipe`): a non-blocking open fails
 * (ENXIO) while no reader is there, so it is tried again every 20 ms until one is.
 */
async function fifoWriter(path: string): Promise<NodeJS.WritableStream & NodeJS.EventEmitter & {destroy(): void}> {
  let fd: number | undefined
  while (fd === undefined)
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  const {Socket} = await import('node:net')
  return new Socket({fd, readable: false, writable: true})
}

/**
 * The name of a temporary file beside `path` (hidden: a leading dot), with `tag`: `path`'s own name
 * cut to 48 characters, at most 192 bytes, so that the tag cannot push a name the file system
 * takes (up to 255 bytes) past its limit: a 240-byte output name failed with ENAMETOOLONG.
 */
export function temporaryBeside(path: string, tag: string, hidden = true): string {
  return join(dirname(path), `${hidden ? '.' : ''}${Array.from(basename(path)).slice(0, 48).join('')}.${tag}.tmp`)
}

/**
 * How long synchronous work runs at most before the event loop gets a turn: SIGINT and SIGTERM
 * (main.ts) are acted on only then. Long work (a page loop, a stream of output) asks `turnDue`
 * between pages or pieces and, when due, awaits `nextTurn`: a few turns a second, microseconds each.
 */
const TURN_MS = 50
let lastTurn = performance.now()

/** Whether the work has run `TURN_MS` since the event loop last had a turn (as far as `nextTurn` knows). */
export const turnDue = (): boolean => performance.now() - lastTurn >= TURN_MS

/**
 * A turn of the event loop (I/O and signals included), now. Two immediates: one set from an I/O
 * callback runs before the loop next polls, where signals are read; the second runs after.
 */
export const nextTurn = (): Promise<void> =>
  new Promise((resolve) =>
    setImmediate(() =>
      setImmediate(() => {
        lastTurn = performance.now()
        resolve()
      })
    )
  )

/** A turn of the event loop if one is due, else nothing (between pages of long work). */
export async function takeTurn(): Promise<void> {
  if (turnDue()) await nextTurn()
}

/** The temporary files being written, removed should the process exit first (a signal: main.ts exits at once). */
const temporaries = new Set<string>()
function unfinished(temporary: string, writing: boolean): void {
  if (!writing) return void temporaries.delete(temporary)
  if (temporaries.size === 0 && !process.listeners('exit').includes(removeTemporaries)) process.on('exit', removeTemporaries)
  temporaries.add(temporary)
}
function removeTemporaries(): void {
  for (const temporary of temporaries)
    try {
      unlinkSync(temporary)
    } catch {
      // gone already
    }
}

/**
 * Whether an error is the stream's own (one it emitted, or will: a failed write's callback gets
 * the error before the stream emits it, on a later tick), as opposed to one from what fed it.
 */
function streamFailure(stream: NodeJS.EventEmitter & {errored?: unknown}): (error: unknown) => boolean {
  const errors = new Set<unknown>()
  stream.on('error', (error) => errors.add(error))
  return (error) => errors.has(error) || (error != null && stream.errored === error)
}

/**
 * A document (or job) as JSON text, indented unless `compact`. Input nested deeper than
 * `JSON.stringify` can recurse (parsing is iterative, printing is not) is a clear input error,
 * with the path (`at`: where `value` is in the input) that leads into the deep structure.
 */
export function jsonText(value: unknown, compact = false, at: Path = []): string {
  try {
    return JSON.stringify(value, null, compact ? undefined : 2) + '\n'
  } catch (error) {
    if (error instanceof RangeError)
      throw new InputError(
        'too_deep',
        `the input is nested too deeply to print as JSON, at ${deepPath(value, at)} (an unknown key holds a structure thousands of levels deep)`
      )
    throw error
  }
}

/** The path to the first value 1,000 levels below `value`, its first 12 keys shown (`pages[0].x[0][0]…`). Iterative. */
function deepPath(value: unknown, at: Path): string {
  type Entry = {value: unknown; key: string | number; parent: Entry | undefined; depth: number}
  const stack: Entry[] = [{value, key: '', parent: undefined, depth: 0}]
  while (stack.length > 0) {
    const entry = stack.pop()!
    if (entry.depth === 1000) {
      const path: Path = []
      for (let step: Entry | undefined = entry; step?.parent; step = step.parent) path.unshift(step.key)
      const shown = [...at, ...path]
      return formatPath(shown.slice(0, 12)) + (shown.length > 12 ? '…' : '')
    }
    if (typeof entry.value !== 'object' || entry.value === null) continue
    for (const [key, child] of Object.entries(entry.value).reverse())
      stack.push({value: child, key: Array.isArray(entry.value) ? Number(key) : key, parent: entry, depth: entry.depth + 1})
  }
  return formatPath(at)
}

/** Markdown or JSON on stdout: verbatim into a pipe or file, control characters shown escaped on a terminal. */
export function writeData(io: CliIo, text: string): void {
  io.stdout.write(io.stdout.isTTY ? escapeControl(text) : text)
}

/** Text for people (reports, tables, messages): control characters always escaped. */
export function say(stream: NodeJS.WritableStream, text: string): void {
  stream.write(escapeControl(text))
}

/** 256 K characters a write: few writes, and a batch small enough to stay cheap. */
const BATCH = 1 << 18

/**
 * Writes the pieces into a stream as they come, gathered into batches of about 256 K characters
 * (joined once, not appended), with backpressure (`writePieces`), so what is held stays bounded
 * whatever the count. Does not end the stream; rejects when it fails or closes before taking the
 * last batch.
 */
export async function writeBatched(writable: WritableLike, pieces: AsyncIterable<string> | Iterable<string>): Promise<void> {
  async function* batches() {
    let batch: string[] = []
    let length = 0
    for await (const piece of pieces) {
      batch.push(piece)
      length += piece.length
      if (length >= BATCH) {
        yield batch.join('')
        batch = []
        length = 0
      }
    }
    if (length > 0) yield batch.join('')
  }
  await writePieces(writable, batches(), 'the output')
}

/**
 * `jsonText(value, compact)` in pieces, the bytes alike: a document's pages (or a job's document's
 * pages) one at a time, so the JSON of a whole large document is never one string. Anything else
 * is one piece.
 */
export function* jsonTextPieces(value: object, compact = false): Generator<string, void, undefined> {
  const record = value as {pages?: unknown; document?: {pages?: unknown}}
  const holder = Array.isArray(record.pages) ? record : Array.isArray(record.document?.pages) ? record.document! : undefined
  if (holder === undefined) return yield jsonText(value, compact)
  const pages = holder.pages as unknown[]
  // The pages' place is marked by a string nothing else can be, then filled in page by page.
  const marker = `docmodel-pages-${randomUUID()}`
  const outline = holder === record ? {...record, pages: marker} : {...record, document: {...holder, pages: marker}}
  const text = jsonText(outline, compact)
  const at = text.indexOf(JSON.stringify(marker))
  const [head, tail] = [text.slice(0, at), text.slice(at + marker.length + 2)]
  yield head
  if (pages.length === 0) yield '[]'
  else {
    // Indented, each page starts on its own line, two spaces deeper than the `"pages"` key.
    const indent = compact ? '' : head.slice(head.lastIndexOf('\n') + 1).match(/^ */)![0]
    const between = compact ? '' : `\n${indent}  `
    const at = holder === record ? ['pages'] : ['document', 'pages']
    for (let i = 0; i < pages.length; i++) {
      const json = jsonText(pages[i] ?? null, compact, [...at, i]).slice(0, -1) // jsonText ends with a newline
      yield (i === 0 ? '[' : ',') + between + (compact ? json : json.replaceAll('\n', between))
    }
    yield compact ? ']' : `\n${indent}]`
  }
  yield tail
}

/**
 * `mkdir -p`, a level at a time. Node's `mkdir(path, {recursive: true})` spins forever when
 * mkdir says ENOENT under a parent that exists (`--out /proc/x`: a pseudo file system), so the
 * levels are made here and that ENOENT is the error.
 */
export async function makeDirectory(path: string): Promise<void> {
  const made = (error: NodeJS.ErrnoException) =>
    error.code === 'EEXIST'
      ? stat(path).then(
          (stats) => stats.isDirectory(),
          () => false
        )
      : Promise.resolve(false)
  try {
    await mkdir(path)
  } catch (error) {
    const parent = dirname(path)
    if (await made(error as NodeJS.ErrnoException)) return
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === path) throw error
    await makeDirectory(parent)
    await mkdir(path).catch(async (again: NodeJS.ErrnoException) => {
      if (!(await made(again))) throw again
    })
  }
}
