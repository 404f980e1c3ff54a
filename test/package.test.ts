import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {VERSION} from '../src/version.js'
import * as api from '../src/index.js'
import {readJsonFile, repoPath} from './helpers/paths.js'

/** Runs ESM code in a fresh Node process from the repository root, where `docmodel` resolves to this package's exports. */
const node = (code: string) => execFileSync(process.execPath, ['--input-type=module', '-e', code], {cwd: repoPath(''), encoding: 'utf8'})

describe('the published package (dist, through its "exports")', () => {
  it('exposes named exports only, the same as the source', () => {
    const names = JSON.parse(node("const m = await import('docmodel'); console.log(JSON.stringify(Object.keys(m).sort()))"))
    expect(names).toEqual(Object.keys(api).sort())
    expect(names).not.toContain('default')
  })

  it('renders the bundled example from the built code', () => {
    const out = node(
      "import {readFileSync} from 'node:fs'; const {parseDocument, renderMarkdown} = await import('docmodel'); process.stdout.write(renderMarkdown(parseDocument(readFileSync('examples/quarterly-report.json'))))"
    )
    expect(out.startsWith('# Quarterly Report: Q3 2026\n')).toBe(true)
  })

  it('serves the JSON Schema files and the testing entry point', () => {
    const out = node(
      "import {createRequire} from 'node:module'; const require = createRequire(import.meta.url); const s = require('docmodel/schemas/document.schema.json'); const t = await import('docmodel/testing'); console.log(s.$id, typeof t.createContractServer)"
    )
    expect(out).toBe('https://docmodel.dev/schemas/document.schema.json function\n')
  })

  it('documents every export in the README', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8')
    expect(Object.keys(api).filter((name) => !new RegExp(`\\b${name}\\b`).test(readme))).toEqual([])
  })

  it("sends the package's version in the client's default User-Agent", () => {
    expect(VERSION).toBe((readJsonFile('package.json') as {version: string}).version)
  })

  it('declares ESM, Node ≥ 20, a bin, no side effects and exact dependency versions', () => {
    const pkg = readJsonFile('package.json') as Record<string, any>
    expect(pkg).toMatchObject({
      name: 'docmodel',
      type: 'module',
      sideEffects: false,
      engines: {node: '>=20'},
      bin: {docmodel: './dist/cli/main.js'}
    })
    for (const version of Object.values({...pkg.dependencies, ...pkg.devDependencies})) expect(version).toMatch(/^\d+\.\d+\.\d+$/)
  })
})
