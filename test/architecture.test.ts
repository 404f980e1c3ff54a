import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {describe, expect, it} from 'vitest'

// The house rule (docs/architecture.md): data flows one way, bytes → parse → select → render →
// derived outputs, with the client, the testing server and the CLI at the edges. A module may
// import its own room, or a room of a lower rank; rooms of one rank may not import each other.
const ranks: Record<string, number> = {
  'version.ts': 0,
  'issues.ts': 0,
  'errors.ts': 1,
  model: 2,
  layout: 3,
  parse: 4,
  select: 5,
  render: 6,
  chunk: 7,
  preview: 7,
  compare: 7,
  client: 8,
  import: 8,
  testing: 9,
  cli: 10,
  // The batch conversion as BullMQ jobs: it reuses the CLI's batch conversion (src/cli/batch).
  queue: 11,
  'index.ts': 12
}

// The one way down the ranks: the CLI's front ends of the queue (enqueue, worker, schema
// queue-job) live in cli/commands/, which the CLI loads only when such a command runs.
const allowedUpward = (file: string, target: string) =>
  relative(src, file).startsWith('cli/commands/') && roomOf(target) === 'queue'

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../src')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? sourceFiles(path) : entry.name.endsWith('.ts') ? [path] : []
  })
}

/** The room of a module: its top folder under src/, or the file itself at the top. */
const roomOf = (file: string): string => relative(src, file).split('/')[0] ?? ''

/** Relative imports and re-exports of a module, static and dynamic, resolved to .ts files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const specifiers = [...text.matchAll(/\bfrom\s*'([^']+)'|\bimport\s*\(\s*'([^']+)'\s*\)|^import\s*'([^']+)'/gm)].map(
    (match) => match[1] ?? match[2] ?? match[3] ?? ''
  )
  return specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')))
}

const files = sourceFiles(src)
const graph = new Map(files.map((file) => [file, importsOf(file)]))

describe('the house', () => {
  it('gives every room of src/ a rank', () => {
    expect([...new Set(files.map(roomOf))].filter((room) => !(room in ranks))).toEqual([])
  })

  it('imports only existing modules', () => {
    const missing = [...graph].flatMap(([file, imports]) => imports.filter((target) => !graph.has(target)).map((target) => `${relative(src, file)} → ${relative(src, target)}`))
    expect(missing).toEqual([])
  })

  it('has no import from a room to a later one, nor between rooms of one rank', () => {
    const upward = [...graph].flatMap(([file, imports]) =>
      imports
        .filter(
          (target) =>
            roomOf(target) !== roomOf(file) && (ranks[roomOf(target)] ?? 0) >= (ranks[roomOf(file)] ?? 0) && !allowedUpward(file, target)
        )
        .map((target) => `${relative(src, file)} → ${relative(src, target)}`)
    )
    expect(upward).toEqual([])
  })

  it('has no import cycle', () => {
    // Depth-first search with colours: reaching a grey module again closes a cycle.
    const colour = new Map<string, 'grey' | 'black'>()
    const cycles: string[] = []
    for (const start of files) {
      if (colour.has(start)) continue
      const stack: Array<{file: string; next: number}> = [{file: start, next: 0}]
      colour.set(start, 'grey')
      while (stack.length > 0) {
        const top = stack[stack.length - 1]!
        const imports = graph.get(top.file) ?? []
        if (top.next === imports.length) {
          colour.set(top.file, 'black')
          stack.pop()
          continue
        }
        const target = imports[top.next++]!
        if (colour.get(target) === 'grey') {
          const from = stack.findIndex((frame) => frame.file === target)
          cycles.push([...stack.slice(from).map((frame) => frame.file), target].map((file) => relative(src, file)).join(' → '))
        } else if (!colour.has(target) && graph.has(target)) {
          colour.set(target, 'grey')
          stack.push({file: target, next: 0})
        }
      }
    }
    expect(cycles).toEqual([])
  })
})
