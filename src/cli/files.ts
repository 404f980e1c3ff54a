import {stat} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {glob, isDynamicPattern} from 'tinyglobby'
import {UsageError} from './errors.js'
import {type CliIo, resolvePath} from './io.js'

/** One input of a many-file command. */
export interface FileInput {
  /** As shown to the user: the argument, or the path found under a directory or by a pattern. */
  name: string
  /** Absolute path; undefined for stdin (`-`). */
  path: string | undefined
  /** Where the output goes below an output directory (the tree under a directory or pattern, mirrored). */
  relative: string
}

/**
 * Files, directories (every `*.json` below, sorted) and glob patterns (expanded here too, for
 * shells that do not), in order, without duplicates. A pattern matching nothing is a usage error;
 * a missing plain file is kept, to be reported by the command like any unreadable file.
 */
export async function expandInputs(args: readonly string[], io: CliIo): Promise<FileInput[]> {
  const cwd = io.cwd ?? process.cwd()
  const inputs: FileInput[] = []
  const seen = new Set<string>()
  const add = (input: FileInput) => {
    const key = input.path ?? '-'
    if (!seen.has(key)) (seen.add(key), inputs.push(input))
  }
  for (const arg of args) {
    if (arg === '-') {
      add({name: 'stdin', path: undefined, relative: 'stdin.json'})
      continue
    }
    const path = resolvePath(io, arg)
    const info = await stat(path).catch(() => undefined)
    if (info?.isDirectory()) {
      const found = (await glob('**/*.json', {cwd: path, onlyFiles: true, dot: false})).sort()
      for (const file of found) add({name: join(arg, file), path: join(path, file), relative: file})
    } else if (!info && isDynamicPattern(arg)) {
      const base = staticBase(arg)
      const found = (await glob(arg, {cwd, onlyFiles: true, absolute: true})).sort()
      if (found.length === 0) throw new UsageError(`no file matches ${arg}`)
      const baseDir = resolvePath(io, base)
      for (const file of found) add({name: relative(cwd, file) || file, path: file, relative: relative(baseDir, file)})
    } else add({name: arg, path, relative: baseName(arg)})
  }
  return inputs
}

/** The directory part of a pattern before its first wildcard: `docs/2024` for `docs/2024/**\/*.json`. */
function staticBase(pattern: string): string {
  const parts = pattern.split('/')
  const index = parts.findIndex((part) => isDynamicPattern(part))
  return parts.slice(0, index).join('/') || '.'
}

const baseName = (path: string) => path.split(/[\\/]/).pop() || path
