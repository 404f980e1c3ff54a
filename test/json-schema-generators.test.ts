// The exported schemas, run through the code generators people use on them (as the README shows):
// json-schema-to-typescript, and quicktype for Python, Go and C#. Each generator runs once per file
// (json2ts once for all the schemas).
import {execFile} from 'node:child_process'
import {copyFileSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {BLOCK_TYPES} from '../src/index.js'
import {blockSchemaName} from '../src/model/blocks.js'
import {SCHEMA_NAMES, schemaFileName} from '../src/model/json-schema.js'
import * as model from '../src/model/index.js'
import {CORPUS, EXAMPLE, corpusPath, readJsonFile, repoPath} from './helpers/paths.js'

const run = promisify(execFile)
const bin = (path: string) => repoPath(`node_modules/${path}`)
const QUICKTYPE = bin('quicktype/dist/index.js')
const JSON2TS = bin('json-schema-to-typescript/dist/src/cli.js')
const BLOCK_NAMES = [...BLOCK_TYPES.map(blockSchemaName), 'UnknownBlock']

type Schema = Record<string, unknown>
const jobSchema = readJsonFile('schemas/job.schema.json') as Schema
const defs = jobSchema.$defs as Record<string, Schema>

interface Fixture {
  file: string
  schema: 'document' | 'job'
  valid: boolean
}
const cases: Array<{kind: 'document' | 'job'; path: string; label: string}> = [
  ...CORPUS.map((name) => ({kind: 'document' as const, path: corpusPath(name), label: `corpus/${name}`})),
  ...(readJsonFile('test/fixtures/conformance/manifest.json') as Fixture[])
    .filter((f) => f.valid)
    .map((f) => ({kind: f.schema, path: repoPath(`test/fixtures/conformance/${f.file}`), label: f.file}))
]

const dir = mkdtempSync(join(tmpdir(), 'docmodel-generators-'))
const out = (name: string) => join(dir, name)
const documentDefs = (readJsonFile('schemas/document.schema.json') as Schema).$defs as Schema
const generated = {ts: {} as Record<string, string>, python: '', go: '', csharp: ''}

beforeAll(async () => {
  // The commands of the README, run in parallel. `#/$defs/` makes every named definition a top-level
  // type, so each block type gets its own class (quicktype merges the members of a oneOf of objects).
  const everyDefinition = `${repoPath('schemas/job.schema.json')}#/$defs/`
  // quicktype's command (its `main`, given the README's arguments) in this process: loaded once
  // for the three languages instead of in three processes (~0.8 CPU-s each).
  const {main: quicktype} = (await import(QUICKTYPE)) as {main: (args: string[]) => Promise<void>}
  // json2ts once over every schema (its glob input): the same per-file compile as one `-i file`
  // each, in one process instead of one per schema.
  await Promise.all([
    run(process.execPath, [
      JSON2TS,
      '-i',
      repoPath(`schemas/{${SCHEMA_NAMES.map((name) => schemaFileName(name)).join(',')}}`),
      '-o',
      out('ts')
    ]),
    (async () => {
      for (const [lang, file] of [['python', 'docmodel_types.py'], ['go', 'docmodel.go'], ['cs', 'Docmodel.cs']])
        await quicktype(['-s', 'schema', '-l', lang!, '-o', out(file!), everyDefinition])
    })()
  ])
  for (const name of SCHEMA_NAMES) generated.ts[name] = readFileSync(out(`ts/${schemaFileName(name).replace(/\.json$/, '')}.d.ts`), 'utf8')
  generated.python = readFileSync(out('docmodel_types.py'), 'utf8')
  generated.go = readFileSync(out('docmodel.go'), 'utf8')
  generated.csharp = readFileSync(out('Docmodel.cs'), 'utf8')
}, 60_000)

afterAll(() => rmSync(dir, {recursive: true, force: true}))

describe('json-schema-to-typescript', () => {
  it('names every block type, Block as their union, and the other objects of the contract', () => {
    for (const name of ['HeadingBlock', 'TableBlock', 'ChartBlock', 'UnknownBlock', 'Document', 'Page', 'Source', 'Extraction'])
      expect(generated.ts.document!).toMatch(new RegExp(`^export interface ${name} \\{`, 'm'))
    // ImageBlock's "exactly one of url and image_b64" (a oneOf of `required`) makes it an intersection.
    expect(generated.ts.document!).toMatch(/^export type ImageBlock = /m)
    expect(generated.ts.document!).toMatch(/^export type BBox = \[number, number, number, number\];$/m)
    const union = /^export type Block =\n((?: {2}\| \w+;?\n)+)/m.exec(generated.ts.document!)?.[1]
    expect(union?.match(/\w+/g)).toEqual(BLOCK_NAMES)
  })

  it('wrote test/types/*.generated.d.ts, which `npm run typecheck` compiles against the library (npm run schemas)', () => {
    for (const name of SCHEMA_NAMES)
      expect(readFileSync(repoPath(`test/types/${name}.generated.d.ts`), 'utf8'), name).toBe(generated.ts[name])
  })

  it("checks, both ways, every generated type the library's model exports under the same name", () => {
    // test/types/generated-types.ts holds the checks; tsc compiles them with the project.
    const checks = readFileSync(repoPath('test/types/generated-types.ts'), 'utf8')
    const missing = SCHEMA_NAMES.flatMap((contract) => {
      const namespace = `Generated${contract[0]!.toUpperCase()}${contract.slice(1)}`
      const exported = [...generated.ts[contract]!.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => m[1]!)
      return exported
        .filter((name) => name in model && (contract === 'document' || !(name in documentDefs)))
        .filter(
          (name) =>
            !checks.includes(`Assignable<Library.${name}, ${namespace}.${name}>`) ||
            !checks.includes(`Assignable<${namespace}.${name}, Library.${name}>`)
        )
        .map((name) => `${namespace}.${name}`)
    })
    expect(missing).toEqual([])
  })
})

describe('quicktype', () => {
  it('Python: one class per block type, and one for each other object of the contract', () => {
    for (const name of [...BLOCK_NAMES, 'Document', 'Page', 'Source', 'Extraction', 'PageFailureDetails', 'Job', 'JobError', 'FileInfo'])
      expect(generated.python).toMatch(new RegExp(`^class ${name}:$`, 'm'))
  })

  it('Python: every corpus document and valid conformance fixture loads and round-trips through the generated classes', async () => {
    const request = {
      module: out('docmodel_types.py'),
      blockClasses: Object.fromEntries(BLOCK_TYPES.map((type) => [type, blockSchemaName(type)])),
      cases: cases.map(({kind, path}) => [kind, path])
    }
    const child = run('python3', [repoPath('test/helpers/quicktype_roundtrip.py')], {maxBuffer: 64 << 20})
    child.child.stdin!.end(JSON.stringify(request))
    const unknownKeys: string[] = []
    const results = JSON.parse((await child).stdout) as Array<{error?: string; roundTrip: unknown; blocks: unknown[]; headings: string[]}>
    expect(results.length).toBe(cases.length)
    let blocks = 0
    let headings = 0
    results.forEach((result, i) => {
      const {kind, path, label} = cases[i]!
      expect(result.error, label).toBeUndefined()
      const input = JSON.parse(readFileSync(path, 'utf8')) as Schema
      // The generated classes keep the fields the contract names; unknown keys are dropped.
      const root = {$ref: `#/$defs/${kind === 'job' ? 'Job' : 'Document'}`}
      const expected = named(input, root, unknownKeys, label)
      expect(named(result.roundTrip, root), label).toEqual(expected)
      const document = (kind === 'job' ? input.document : input) as {pages: Array<{blocks: Schema[]}>} | null
      const inputBlocks = document?.pages.flatMap((page) => page.blocks) ?? []
      expect(result.blocks, label).toEqual(inputBlocks.map((block) => named(block, {$ref: '#/$defs/Block'})))
      expect(result.headings, label).toEqual(inputBlocks.filter((block) => block.type === 'heading').map((block) => block.text))
      blocks += inputBlocks.length
      headings += result.headings.length
    })
    // The keys the classes drop are the unknown ones (lenient mode keeps them), and only those.
    expect(unknownKeys).toEqual([
      'valid/document-unknown-type-and-keys.json/schema_version',
      'valid/document-unknown-type-and-keys.json/pages/0/blocks/1/font_size',
      'valid/document-unknown-type-and-keys.json/pages/0/blocks/11/signer',
      'valid/document-failed-pages.json/extraction/per_page_failures/1/retryable',
      'valid/job-failed.json/error/retryable'
    ])
    expect(blocks).toBeGreaterThan(100)
    expect(headings).toBeGreaterThan(10)
  })

  it("Python: the README's example prints the headings of a document", async () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Use the schema from another language'))
    const example = /```python\n([^]*?)```/.exec(section)![1]!
    expect(example.trim().split('\n')).toHaveLength(5)
    copyFileSync(repoPath(EXAMPLE), out('document.json'))
    const {stdout} = await run('python3', ['-c', example], {cwd: dir})
    const document = readJsonFile(EXAMPLE) as {pages: Array<{blocks: Schema[]}>}
    const headings = document.pages.flatMap((page) => page.blocks).filter((block) => block.type === 'heading')
    expect(headings.length).toBeGreaterThan(1)
    expect(stdout).toBe(headings.map((block) => `${String(block.text)}\n`).join(''))
  })

  for (const [lang, declaration] of [
    ['go', (name: string) => new RegExp(`^type ${name} struct \\{`, 'm')],
    ['csharp', (name: string) => new RegExp(`^ {4}public partial class ${name}\\b`, 'm')]
  ] as const)
    it(`${lang === 'go' ? 'Go' : 'C#'}: generation succeeds with one type per block type`, () => {
      for (const name of [...BLOCK_NAMES, 'Document', 'Page', 'Job']) expect(generated[lang]).toMatch(declaration(name))
    })
})

/**
 * `value` as the classes generated from the schema see it: only the keys the schema names, optional
 * nulls as absent, date-times as instants; following `$ref`s, arrays, tuples and unions (a `Block`
 * by its `type`).
 */
function named(value: unknown, schema: Schema, dropped: string[] = [], at = ''): unknown {
  while (typeof schema.$ref === 'string') schema = defs[schema.$ref.slice('#/$defs/'.length)]!
  // A union (not a rule such as ImageBlock's oneOf of `required`, beside its properties).
  const members = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined
  if (members && !schema.properties) {
    const branch = members.find((member) => matches(value, member))
    return branch ? named(value, branch, dropped, at) : value
  }
  if (Array.isArray(value)) {
    const prefix = schema.prefixItems as Schema[] | undefined
    return value.map((item, i) => named(item, prefix?.[i] ?? (schema.items as Schema | undefined) ?? {}, dropped, `${at}/${i}`))
  }
  // Python writes a date-time back as `+00:00`, not `Z`: the same instant.
  if (schema.format === 'date-time' && typeof value === 'string') return new Date(value).toISOString()
  if (value === null || typeof value !== 'object' || !schema.properties) return value
  const properties = schema.properties as Record<string, Schema>
  const required = new Set(schema.required as string[])
  return Object.fromEntries(
    Object.entries(value)
      // An optional field set to null reads back as absent (both are None in Python).
      .filter(([key, item]) => {
        if (!Object.hasOwn(properties, key)) dropped.push(`${at}/${key}`)
        return Object.hasOwn(properties, key) && (item !== null || required.has(key))
      })
      .map(([key, item]) => [key, named(item, properties[key]!, dropped, `${at}/${key}`)])
  )
}

/** Whether `value` has the shape of a union's member (its JSON type, and its `type` field's const). */
function matches(value: unknown, member: Schema): boolean {
  while (typeof member.$ref === 'string') member = defs[member.$ref.slice('#/$defs/'.length)]!
  const type = member.type
  if (type === 'null') return value === null
  if (type === 'integer' || type === 'number') return typeof value === 'number'
  if (type !== 'object') return true
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const discriminator = (member.properties as Record<string, Schema> | undefined)?.type
  const tag = (value as Schema).type
  if (discriminator?.const !== undefined) return discriminator.const === tag
  if (Array.isArray((discriminator?.not as Schema | undefined)?.enum))
    return !((discriminator!.not as Schema).enum as unknown[]).includes(tag)
  return true
}
