import {type Dirent, readdir as readdirCallback} from 'node:fs'
import {readdir, realpath, stat} from 'node:fs/promises'
import {join, relative, sep} from 'node:path'
import {glob, isDynamicPattern} from 'tinyglobby'
import {UsageError, describeErrno} from './errors.js'
import {type CliIo, resolvePath} from './io.js'
import {oneLineName} from './terminal.js'

/** One input of a many-file command. */
export interface FileInput {
  /** As shown to the user: the argument, or the path found under a directory or by a pattern. */
  name: string
  /** Absolute path; undefined for stdin (`-`). */
  path: string | undefined
  /** Where the output goes below an output directory (the tree under a directory or pattern, mirrored). */
  relative: string
  /** A folder below a directory or pattern base that could not be listed: the command reports it as a failed input. */
  error?: string
}

export interface ExpandOptions {
  /** Follow links that lead out of a directory or pattern base (default: `false`: they are ignored and listed). */
  followLinks?: boolean
}

export interface Expanded {
  inputs: FileInput[]
  /** Links found under a directory or pattern that lead outside it (not followed), as shown to the user. */
  ignoredLinks: string[]
}

/**
 * Files, directories (every `*.json` below, sorted) and glob patterns (expanded here too, for
 * shells that do not), in order. Every file once, however many paths lead to it (device and
 * inode; a `loop → .` link cannot repeat a tree). Below a directory or a pattern's base, a link
 * that leads outside it is not followed unless `followLinks` (it is listed in `ignoredLinks`); a
 * file named on the command line is read wherever it leads. A pattern matching nothing is a usage
 * error; a missing plain file is kept, to be reported by the command like any unreadable file.
 */
export async function expandInputs(args: readonly string[], io: CliIo, options: ExpandOptions = {}): Promise<FileInput[]> {
  return (await expandInputsWithLinks(args, io, options)).inputs
}

/** {@link expandInputs}, with the links it left alone. */
export async function expandInputsWithLinks(
  args: readonly string[],
  io: CliIo,
  {followLinks = false}: ExpandOptions = {}
): Promise<Expanded> {
  const cwd = io.cwd ?? process.cwd()
  const inputs: FileInput[] = []
  const ignoredLinks: string[] = []
  const seen = new Set<string>()
  const add = async (found: FileInput) => {
    const input = {...found, name: oneLineName(found.name)}
    const info = input.path === undefined ? undefined : await stat(input.path).catch(() => undefined)
    const key = input.path === undefined ? '-' : info ? `${info.dev}:${info.ino}` : input.path
    if (!seen.has(key)) (seen.add(key), inputs.push(input))
  }
  for (const arg of args) {
    if (arg === '-') {
      await add({name: 'stdin', path: undefined, relative: 'stdin.json'})
      continue
    }
    const path = resolvePath(io, arg)
    const info = await stat(path).catch(() => undefined)
    if (info?.isDirectory()) {
      const {files, outside, unlisted} = await walk(path, followLinks)
      for (const file of files) await add({name: join(arg, file), path: join(path, file), relative: file})
      for (const {folder, error} of unlisted) inputs.push(unlistedFolder(join(arg, folder), join(path, folder), error))
      ignoredLinks.push(...outside.map((file) => oneLineName(join(arg, file))))
    } else if (!info && isDynamicPattern(arg)) {
      const base = staticBase(arg)
      const baseDir = resolvePath(io, base)
      // The crawl (fdir) calls readdir(folder, {withFileTypes: true}, callback) and leaves out,
      // unsaid, a folder it cannot list: noted here, to fail as an input.
      const unlisted: Array<{folder: string; error: unknown}> = []
      const readdir = ((folder: string, options: {withFileTypes: true}, callback: (error: Error | null, entries: Dirent[]) => void) =>
        readdirCallback(folder, options, (error, entries) => {
          if (error && !gone(error)) unlisted.push({folder, error})
          callback(error, entries)
        })) as unknown as typeof readdirCallback
      const found = (await glob(arg, {cwd, onlyFiles: true, absolute: true, followSymbolicLinks: followLinks, fs: {readdir}})).sort()
      if (found.length === 0 && unlisted.length === 0) throw new UsageError(`no file matches ${arg}`)
      const root = await realpath(baseDir).catch(() => baseDir)
      for (const file of found) {
        const name = relative(cwd, file) || file
        if (!followLinks && !inside(root, await realpath(file).catch(() => file))) ignoredLinks.push(oneLineName(name))
        else await add({name, path: file, relative: relative(baseDir, file)})
      }
      for (const {folder, error} of unlisted.sort((x, y) => order(x.folder, y.folder)))
        inputs.push(unlistedFolder(relative(cwd, folder) || folder, folder, error))
    } else await add({name: arg, path, relative: baseName(arg)})
  }
  return {inputs, ignoredLinks}
}

/** A folder that could not be listed, as an input that fails by its name: its files are not silently left out. */
function unlistedFolder(name: string, path: string, error: unknown): FileInput {
  const [shown, at] = [oneLineName(name), path].map((text) => text.replace(/(.)\/$/, '$1')) as [string, string]
  return {
    name: shown,
    path: at,
    relative: '',
    error: `cannot list the folder ${shown}: ${describeErrno(error)}; the files in it were not read`
  }
}

/** A folder gone (or never one) by the time it is listed: nothing to read there, nothing left out. */
const gone = (error: NodeJS.ErrnoException) => error.code === 'ENOENT' || error.code === 'ENOTDIR'

const inside = (root: string, path: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep)

/**
 * The `*.json` files below a directory (dot files and folders left out, as a glob would), as
 * relative paths in sorted order. Iterative; each folder and file is taken once (by device and
 * inode), so a link loop ends, and a file or folder reached both directly and through a link is
 * taken by its direct path (the tree without links is walked first). Without `followLinks`, a link
 * is followed only when it leads inside the directory; the others are returned as `outside`.
 */
async function walk(
  root: string,
  followLinks: boolean
): Promise<{files: string[]; outside: string[]; unlisted: Array<{folder: string; error: unknown}>}> {
  const realRoot = await realpath(root)
  const found: Array<{rel: string; viaLink: boolean}> = []
  const outside: string[] = []
  const unlisted: Array<{folder: string; error: unknown}> = []
  const folders = new Set<string>()
  const direct: string[] = [''] // folders reached without a link, still to read
  const linked: string[] = [] // folders reached through a link: read once the direct tree is done
  while (direct.length > 0 || linked.length > 0) {
    const viaLink = direct.length === 0
    const folder = viaLink ? linked.shift()! : direct.pop()!
    const info = await stat(join(root, folder)).catch(() => undefined)
    const key = info ? `${info.dev}:${info.ino}` : folder
    if (folders.has(key)) continue
    folders.add(key)
    const entries = await readdir(join(root, folder), {withFileTypes: true}).catch((error: NodeJS.ErrnoException) => {
      if (!gone(error)) unlisted.push({folder, error})
      return []
    })
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue
      const rel = folder === '' ? entry.name : join(folder, entry.name)
      const full = join(root, rel)
      let isDir = entry.isDirectory()
      const isLink = entry.isSymbolicLink()
      if (isLink) {
        const target = await realpath(full).catch(() => undefined)
        if (target === undefined) continue // dangling: nothing to read
        isDir = (await stat(full).catch(() => undefined))?.isDirectory() === true
        if (!followLinks && !inside(realRoot, target)) {
          if (isDir || rel.endsWith('.json')) outside.push(rel)
          continue
        }
      }
      if (isDir) (viaLink || isLink ? linked : direct).push(rel)
      else if (rel.endsWith('.json')) found.push({rel, viaLink: viaLink || isLink}) // a FIFO or device among them fails when read, by name
    }
    linked.sort(order)
  }
  // One path per file: the direct one if there is one, else the first in order.
  found.sort((x, y) => Number(x.viaLink) - Number(y.viaLink) || order(x.rel, y.rel))
  const seen = new Set<string>()
  const files: string[] = []
  for (const {rel} of found) {
    const info = await stat(join(root, rel)).catch(() => undefined)
    const key = info ? `${info.dev}:${info.ino}` : rel
    if (!seen.has(key)) (seen.add(key), files.push(rel))
  }
  return {files: files.sort(order), outside: outside.sort(order), unlisted: unlisted.sort((x, y) => order(x.folder, y.folder))}
}

/** Paths in the order a glob sorts them (`/`-separated). */
function order(x: string, y: string): number {
  const [a, b] = [x.split(sep).join('/'), y.split(sep).join('/')]
  return a < b ? -1 : a > b ? 1 : 0
}

/** The directory part of a pattern before its first wildcard: `docs/2024` for `docs/2024/**\/*.json`. */
function staticBase(pattern: string): string {
  const parts = pattern.split('/')
  const index = parts.findIndex((part) => isDynamicPattern(part))
  return parts.slice(0, index).join('/') || '.'
}

const baseName = (path: string) => path.split(/[\\/]/).pop() || path
