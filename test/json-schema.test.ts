import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import {describe, expect, it} from 'vitest'
import {BLOCK_TYPES, JOB_STATUSES, safeParseDocument, safeParseJob, toJSONSchema} from '../src/index.js'
import {blockSchemaName} from '../src/model/blocks.js'
import {SCHEMA_NAMES, hasStrictSchema, schemaFileName, schemaId} from '../src/model/json-schema.js'
import {fieldTables} from '../scripts/field-tables.js'
import {readJsonFile, repoPath} from './helpers/paths.js'

interface Fixture {
  file: string
  schema: 'document' | 'job'
  valid: boolean
  strictValid: boolean
  /** A rule the JSON Schema cannot express: only zod rejects the fixture. */
  zodOnly?: string
  /** Strict parsing fails only through warnings, which the strict JSON Schema cannot see. */
  strictByWarningsOnly?: boolean
}
const fixtures = readJsonFile('test/fixtures/conformance/manifest.json') as Fixture[]
const fixturePath = (f: Fixture) => repoPath(`test/fixtures/conformance/${f.file}`)
const variants = [
  {strict: false, expected: (f: Fixture) => f.valid},
  {strict: true, expected: (f: Fixture) => f.strictValid}
]
/** What a JSON Schema validator should say: zod-only rules and strict-mode warnings are beyond it. */
const schemaVerdict = (f: Fixture, strict: boolean) =>
  f.zodOnly !== undefined || (strict ? f.strictValid || f.strictByWarningsOnly === true : f.valid)
/** Each schema generated once for the file (toJSONSchema is pure; the tests read, never change, it). */
const generatedSchemas = new Map<string, ReturnType<typeof toJSONSchema>>()
const schemaOf = (name: (typeof SCHEMA_NAMES)[number], {strict = false} = {}) => {
  const key = `${name} ${strict}`
  if (!generatedSchemas.has(key)) generatedSchemas.set(key, toJSONSchema(name, {strict}))
  return structuredClone(generatedSchemas.get(key)!)
}

describe('schema files', () => {
  for (const name of SCHEMA_NAMES)
    for (const strict of hasStrictSchema(name) ? [false, true] : [false])
      it(`schemas/${schemaFileName(name, strict)} is up to date (npm run schemas)`, () => {
        const committed = JSON.parse(readFileSync(repoPath(`schemas/${schemaFileName(name, strict)}`), 'utf8'))
        expect(committed).toEqual(schemaOf(name, {strict}))
      })

  it('puts $id on the root, a $ref to its named definition, and nothing else', () => {
    expect(schemaOf('document')).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: schemaId('document'),
      $ref: '#/$defs/Document'
    })
    expect(schemaOf('job', {strict: true}).$ref).toBe('#/$defs/Job')
    for (const name of SCHEMA_NAMES)
      for (const strict of hasStrictSchema(name) ? [false, true] : [false]) {
        const schema = schemaOf(name, {strict})
        expect(Object.keys(schema), name).toEqual(['$schema', '$id', '$ref', '$defs'])
        expect(schema.$id).toBe(schemaId(name, strict))
        // A contract whose root is not named() would be inlined, nameless, into the root.
        expect(Object.keys(schema.$defs as object)).toContain(String(schema.$ref).replace('#/$defs/', ''))
      }
  })

  const named = ['Document', 'Page', 'Source', 'Extraction', 'PageFailure', 'BBox', 'Job', 'JobError', 'FileInfo', 'Block', 'UnknownBlock']
  for (const name of SCHEMA_NAMES)
    for (const strict of hasStrictSchema(name) ? [false, true] : [false])
      it(`${schemaFileName(name, strict)}: every definition has its name as title and a description, every field a description`, () => {
        const schema = schemaOf(name, {strict})
        const defs = schema.$defs as Record<string, Record<string, unknown>>
        const missing: string[] = []
        // Walks fields (not rule keywords such as allOf/if/then, which restate rules, not fields).
        const walk = (node: unknown, at: string) => {
          if (node === null || typeof node !== 'object') return
          const record = node as Record<string, unknown>
          if ('$id' in record || ('title' in record && !/^\/\$defs\/\w+$/.test(at))) missing.push(`${at}: nested $id/title`)
          for (const [key, property] of Object.entries((record.properties ?? {}) as Record<string, Record<string, unknown>>)) {
            // A field that is a named type carries that type's description.
            const ref = typeof property.$ref === 'string' ? defs[property.$ref.slice('#/$defs/'.length)] : undefined
            if (typeof (property.description ?? ref?.description) !== 'string') missing.push(`${at}/${key}`)
            walk(property, `${at}/${key}`)
          }
          for (const key of ['items', 'additionalProperties']) walk(record[key], `${at}/${key}`)
          for (const key of ['prefixItems', 'anyOf', 'oneOf'])
            ((record[key] ?? []) as unknown[]).forEach((child, i) => walk(child, `${at}/${key}/${i}`))
        }
        for (const [key, def] of Object.entries(defs)) {
          if (def.title !== key) missing.push(`/$defs/${key}: title ${JSON.stringify(def.title)}`)
          if (typeof def.description !== 'string') missing.push(`/$defs/${key}: no description`)
          walk(def, `/$defs/${key}`)
        }
        expect(missing).toEqual([])
        const expected =
          name === 'source-map'
            ? ['SourceMapEntry', 'SourceMapCell']
            : name === 'chunk'
              ? ['ChunkHeading', 'ChunkSpan']
              : name === 'document'
                ? named.filter((n) => !['Job', 'JobError', 'FileInfo'].includes(n))
                : named
        expect(Object.keys(defs)).toEqual(expect.arrayContaining(expected.filter((n) => strict === false || n !== 'UnknownBlock')))
      })

  for (const strict of [false, true])
    it(`Block is a oneOf of $refs, one per block type, each fixing its type (${strict ? 'strict' : 'lenient'})`, () => {
      const defs = schemaOf('document', {strict}).$defs as Record<string, Record<string, unknown>>
      const names = [...BLOCK_TYPES.map(blockSchemaName), ...(strict ? [] : ['UnknownBlock'])]
      expect(defs.Block!.oneOf).toEqual(names.map((n) => ({$ref: `#/$defs/${n}`})))
      expect(defs.Block!.anyOf).toBeUndefined()
      for (const type of BLOCK_TYPES)
        expect((defs[blockSchemaName(type)]!.properties as Record<string, unknown>).type).toMatchObject({const: type})
      if (!strict) expect((defs.UnknownBlock!.properties as Record<string, unknown>).type).toMatchObject({not: {enum: [...BLOCK_TYPES]}})
    })

  it('names each block type after it: page_header → PageHeaderBlock', () => {
    expect(BLOCK_TYPES.map(blockSchemaName)).toEqual([
      'HeadingBlock',
      'ParagraphBlock',
      'ListBlock',
      'CaptionBlock',
      'FootnoteBlock',
      'PageHeaderBlock',
      'PageFooterBlock',
      'CalloutBlock',
      'CodeBlock',
      'TableBlock',
      'ImageBlock',
      'DiagramBlock',
      'ChartBlock',
      'FormulaBlock'
    ])
  })

  it('gives tuples an items type generators without prefixItems can read (validators: redundant with maxItems)', () => {
    const defs = schemaOf('document').$defs as Record<string, Record<string, unknown>>
    expect(defs.BBox).toMatchObject({type: 'array', minItems: 4, maxItems: 4, items: {type: 'number'}})
    expect(defs.PageSize).toMatchObject({type: 'array', minItems: 2, maxItems: 2, items: {type: 'number'}})
  })

  it('docs/fields.md is up to date (npm run schemas)', () => {
    expect(readFileSync(repoPath('docs/fields.md'), 'utf8')).toBe(fieldTables())
  })

  it('rejects an unknown schema name', () => {
    expect(() => toJSONSchema('page' as 'job')).toThrow('name: expected "document" or "job" or "source-map" or "chunk", got "page"')
  })
})

describe('cross-language conformance: zod, ajv and Python jsonschema agree', () => {
  const ajv = new Ajv2020({allErrors: true, strict: false})
  addFormats.default(ajv)
  const compiled = new Map<string, ReturnType<typeof ajv.compile>>()
  const validatorFor = (name: 'document' | 'job', strict: boolean) => {
    const key = schemaFileName(name, strict)
    if (!compiled.has(key)) compiled.set(key, ajv.compile(readJsonFile(`schemas/${key}`) as object))
    return compiled.get(key)!
  }

  it('covers every block type and every job status among the valid fixtures', () => {
    const valid = fixtures.filter((f) => f.valid).map((f) => readFileSync(fixturePath(f), 'utf8'))
    for (const type of BLOCK_TYPES)
      expect(
        valid.some((text) => text.includes(`"type": "${type}"`)),
        type
      ).toBe(true)
    for (const status of JOB_STATUSES)
      expect(
        valid.some((text) => text.includes(`"status": "${status}"`)),
        status
      ).toBe(true)
  })

  for (const fixture of fixtures)
    for (const {strict, expected} of variants)
      it(`${fixture.file} (${strict ? 'strict' : 'lenient'}): zod and ajv`, () => {
        const input = readFileSync(fixturePath(fixture))
        const parse = fixture.schema === 'document' ? safeParseDocument : safeParseJob
        expect(parse(input, {mode: strict ? 'strict' : 'lenient'}).success).toBe(expected(fixture))
        expect(validatorFor(fixture.schema, strict)(JSON.parse(input.toString('utf8')))).toBe(schemaVerdict(fixture, strict))
      })

  it("Python's jsonschema (Draft202012Validator) gives the verdicts ajv gives", () => {
    const cases = variants.flatMap(({strict}) => fixtures.map((f) => ({f, strict, name: schemaFileName(f.schema, strict)})))
    const request = {
      schemas: Object.fromEntries(cases.map(({name}) => [name, repoPath(`schemas/${name}`)])),
      cases: cases.map(({f, name}) => [name, fixturePath(f)])
    }
    const verdicts = JSON.parse(withJsonschema(repoPath('test/helpers/jsonschema_verdicts.py'), JSON.stringify(request))) as boolean[]
    const disagreements = cases
      .filter(({f, strict}, i) => verdicts[i] !== schemaVerdict(f, strict))
      .map(({f, strict}) => `${f.file} (${strict ? 'strict' : 'lenient'})`)
    expect(disagreements).toEqual([])
  }, 60_000) // one Python process over every fixture: give it time on a loaded machine

  it('names the rules only zod enforces', () => {
    expect([...new Set(fixtures.flatMap((f) => (f.zodOnly ? [f.zodOnly] : [])))]).toEqual(['bbox corner order (x0 ≤ x1, y0 ≤ y1)'])
  })
})

// The script's output from the Python that has jsonschema: the one on PATH, or Debian's (where
// .ci/run installs python3-jsonschema when neither has it). The script itself is the probe (a
// separate `import jsonschema` first cost a Python start and that import, ~0.4 CPU-s).
function withJsonschema(script: string, input: string): string {
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      return execFileSync(python, [script], {input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe']})
    } catch (error) {
      // Only a missing jsonschema (or Python) sends it to the next one; any other failure is the test's.
      const {code, stderr} = error as {code?: string; stderr?: string}
      if (code !== 'ENOENT' && !/ModuleNotFoundError: No module named 'jsonschema'/.test(stderr ?? '')) throw error
    }
  }
  throw new Error('no python3 with jsonschema: run .ci/run, or apt-get install python3-jsonschema')
}
