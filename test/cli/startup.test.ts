// Start-up (issue 27): each command loads only what it uses. Asserted on the list of modules a
// real process of the built CLI loads (recorded by module hooks), never on a timing.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {parseDocument, renderMarkdown} from '../../src/index.js'
import {completedJob} from '../helpers/arbitraries.js'
import {loadedModulesAsync, packageOf} from '../helpers/module-list/index.js'
import {EXAMPLE, corpusPath, repoPath} from '../helpers/paths.js'

const BIN = repoPath('dist/bin/docmodel.js')
// The example: every block type, a formula among them (what could pull KaTeX in), in 18 KB.
const DOC = repoPath(EXAMPLE)
/** The renderer's stack: KaTeX and the mdast/unified serializer. */
const RENDERING = /^(katex|unified|remark-|mdast-util-|micromark)/
/** The queue's packages: for the worker (and enqueue) alone. */
const QUEUE = new Set(['bullmq', 'ioredis'])

// The CLI ships bundled (scripts/bundle-cli.mjs): each file of dist/bin loaded stands for the
// modules esbuild put in it (its metafile), the project's own by their dist path.
const metafile = JSON.parse(readFileSync(repoPath('dist/bin/metafile.json'), 'utf8')) as {outputs: Record<string, {inputs: Record<string, unknown>}>}
const unbundled = (path: string): string[] => {
  const output = metafile.outputs[relative(repoPath(''), path)]
  return output === undefined ? [path] : Object.keys(output.inputs).map((input) => repoPath(input))
}
const packagesOf = (loaded: {modules: string[]; status: number | null; stderr: string}) => {
  expect(loaded.stderr).toBe('')
  const run = {...loaded, modules: loaded.modules.flatMap(unbundled)}
  return {run, packages: new Set(run.modules.map(packageOf).filter((name) => name !== undefined))}
}
// One process per command line: the tests ask different questions of the same line's modules
// (no heavy package; no zod; KaTeX or not), each answered from its one run.
const runs = new Map<string, ReturnType<typeof loadedModulesAsync>>()
const loadedOnce = (args: string[]) => {
  const key = JSON.stringify(args)
  if (!runs.has(key)) runs.set(key, loadedModulesAsync([BIN, ...args]))
  return runs.get(key)!
}
const packages = async (args: string[]) => packagesOf(await loadedOnce(args))
/** `packages` of each command line, the processes run at once. */
const packagesOfAll = async (lines: string[][]) => (await Promise.all(lines.map(loadedOnce))).map(packagesOf)

describe('docmodel start-up: modules loaded per command (dist)', {timeout: 60_000}, () => {
  it('--version and --help load four small modules of the CLI and no package', async () => {
    for (const {run, packages: loaded} of await packagesOfAll([['--version'], ['--help'], ['-v']])) {
      expect(run.status).toBe(0)
      expect(loaded.size).toBe(0)
      expect(run.modules.map((path) => path.slice(repoPath('dist').length)).sort()).toEqual(['/cli/commands.js', '/cli/main.js', '/cli/threads.js', '/version.js'])
    }
  })

  it('validate, stats, schema, filter (of a document), diff and preview load neither KaTeX nor the markdown stack nor a tokenizer nor the queue', async () => {
    const lines = [['validate', DOC], ['stats', DOC], ['schema'], ['filter', DOC, '--preset', 'trusted'], ['diff', DOC, DOC], ['preview', DOC]]
    for (const [i, {run, packages: loaded}] of (await packagesOfAll(lines)).entries()) {
      const args = lines[i]!
      expect(run.status, args.join(' ')).toBe(0)
      const heavy = [...loaded].filter((name) => RENDERING.test(name) || name === 'gpt-tokenizer' || QUEUE.has(name))
      expect(heavy, args.join(' ')).toEqual([])
    }
  })

  it('a valid document (or job) loads no zod: validated by the plan generated from the schemas; an invalid one loads zod for its issues', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-startup-'))
    try {
      const job = join(dir, 'job.json')
      writeFileSync(job, JSON.stringify(completedJob(JSON.parse(readFileSync(DOC, 'utf8')))))
      const lines = [
        ['render', DOC],
        ['render', DOC, '-o', join(dir, 'doc.md')],
        ['render', corpusPath('multi_page.json')],
        ['render', job, '--kind', 'job'],
        ['render', job],
        ['validate', DOC],
        ['validate', job],
        ['stats', DOC],
        ['filter', DOC, '--preset', 'trusted'],
        ['diff', DOC, DOC],
        ['preview', DOC],
        ['chunk', DOC, '--max-tokens', '64']
      ]
      for (const [i, {run, packages: loaded}] of (await packagesOfAll(lines)).entries()) {
        const args = lines[i]!
        expect(run.status, args.join(' ')).toBe(0)
        expect(loaded.has('zod'), args.join(' ')).toBe(false)
      }
      // Invalid, or strict: zod judges, and is loaded for it.
      const invalid = join(dir, 'invalid.json')
      writeFileSync(invalid, readFileSync(DOC, 'utf8').replace('"confidence": ', '"confidence": 7, "was": '))
      const invalidLines = [['render', invalid], ['validate', invalid], ['render', DOC, '--strict']]
      for (const [i, loaded] of (await Promise.all(invalidLines.map(loadedOnce))).entries()) {
        const args = invalidLines[i]!
        expect(loaded.status, args.join(' ')).toBe(args.includes('--strict') ? 0 : 3)
        expect(new Set(loaded.modules.flatMap(unbundled).map(packageOf)).has('zod'), args.join(' ')).toBe(true)
      }
    } finally {
      rmSync(dir, {recursive: true})
    }
  })

  it('render loads KaTeX only for a document with a formula, and the mdast serializer only for a node the direct writer leaves to it', async () => {
    const {run, packages: loaded} = await packages(['render', corpusPath('multi_page.json')])
    expect(run.status).toBe(0)
    // mdast-util-phrasing (one small module) tells the handlers' phrasing nodes apart.
    expect([...loaded].filter((name) => RENDERING.test(name) && name !== 'mdast-util-phrasing')).toEqual([])
    // A code block whose language the direct writer leaves to the serializer: loaded on that block
    // (by require, which the hooks do not see), the same bytes as the library's render.
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-startup-'))
    try {
      const document = JSON.parse(readFileSync(repoPath(EXAMPLE), 'utf8')) as {pages: Array<{blocks: Array<Record<string, unknown>>}>}
      const code = document.pages.flatMap((page) => page.blocks).find((block) => block.type === 'code')!
      code.language = 'c p'
      const file = join(dir, 'doc.json')
      writeFileSync(file, JSON.stringify(document))
      const expected = renderMarkdown(parseDocument(readFileSync(file, 'utf8')))
      expect(expected).toContain('```c')
      for (const output of [[], ['-o', join(dir, 'doc.md')]]) {
        const run = spawnSync(process.execPath, [BIN, 'render', file, ...output, '-q'], {encoding: 'utf8'})
        expect(run.stderr).toBe('')
        expect(run.status).toBe(0)
        expect(output.length === 0 ? run.stdout : readFileSync(join(dir, 'doc.md'), 'utf8')).toBe(expected)
      }
    } finally {
      rmSync(dir, {recursive: true})
    }
  })

  it('the guard sees what is loaded: render loads KaTeX for a formula outside the LaTeX subset (not the queue), never for one inside it; chunk the tokenizer', async () => {
    // The example's formula is in the subset the renderer recognises without KaTeX (src/render/latex-subset.ts).
    expect([...(await packages(['render', DOC])).packages]).not.toContain('katex')
    const dir = mkdtempSync(join(tmpdir(), 'docmodel-startup-'))
    try {
      const text = readFileSync(repoPath(EXAMPLE), 'utf8')
      const file = join(dir, 'doc.json')
      const outside = text.replace(/"latex": "[^"]*"/, '"latex": "\\\\phantom{x}"')
      expect(outside).not.toBe(text)
      writeFileSync(file, outside)
      const rendering = [...(await packages(['render', file])).packages]
      expect(rendering).toEqual(expect.arrayContaining(['katex']))
      expect(rendering.filter((name) => QUEUE.has(name))).toEqual([])
    } finally {
      rmSync(dir, {recursive: true})
    }
    expect([...(await packages(['chunk', DOC, '--max-tokens', '64'])).packages]).toContain('gpt-tokenizer')
  })

  it('loads the queue (bullmq, ioredis) for the worker only: not for --version, render (above) or schema queue-job', async () => {
    const [schema, worker] = await packagesOfAll([['schema', 'queue-job'], ['worker', '--help']])
    expect(schema!.run.status).toBe(0)
    expect([...schema!.packages].filter((name) => QUEUE.has(name))).toEqual([])
    expect(worker!.packages.has('bullmq')).toBe(true)
  })
})
