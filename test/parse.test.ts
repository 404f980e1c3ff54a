import {readFileSync} from 'node:fs'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {ValidationError, isKnownBlock, parseDocument, parseJob, safeParseDocument, safeParseJob, type Document} from '../src/index.js'
import {documentArb} from './helpers/arbitraries.js'
import {CORPUS, EXAMPLE, corpusPath, readJsonFile, repoPath} from './helpers/paths.js'

const example = () => structuredClone(readJsonFile(EXAMPLE)) as any
const issuesOf = (input: unknown, mode: 'lenient' | 'strict' = 'lenient') => {
  const result = safeParseDocument(input, {mode})
  if (result.success) throw new Error('expected a failure')
  return result.error.issues.map(({path, pointer, code, message, severity}) => ({path, pointer, code, message, severity}))
}

describe('parseDocument', () => {
  it('accepts JSON text, UTF-8 bytes (with or without a BOM) and parsed values alike', () => {
    const text = readFileSync(repoPath(EXAMPLE), 'utf8')
    const fromText = parseDocument(text)
    expect(parseDocument('\uFEFF' + text)).toEqual(fromText)
    expect(parseDocument(Buffer.from(text))).toEqual(fromText)
    expect(parseDocument(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text)]))).toEqual(fromText)
    expect(parseDocument(JSON.parse(text))).toEqual(fromText)
  })

  it('parses every real document of the corpus strictly', () => {
    for (const name of CORPUS) expect(safeParseDocument(readFileSync(corpusPath(name)), {mode: 'strict'}).success, name).toBe(true)
  })

  it('names the exact path, pointer and value of each issue', () => {
    const doc = example()
    doc.pages[0].blocks[3].text = 5
    doc.pages[0].blocks[4].bbox[2] = 1.4
    doc.pages[1].blocks[0].text_source = 'guessed'
    expect(issuesOf(doc)).toEqual([
      {
        path: ['pages', 0, 'blocks', 3, 'text'],
        pointer: '/pages/0/blocks/3/text',
        code: 'invalid_type',
        message: 'expected string, got 5',
        severity: 'error'
      },
      {
        path: ['pages', 0, 'blocks', 4, 'bbox', 2],
        pointer: '/pages/0/blocks/4/bbox/2',
        code: 'bbox_out_of_range',
        message: 'expected a number ≤ 1, got 1.4',
        severity: 'error'
      },
      {
        path: ['pages', 1, 'blocks', 0, 'text_source'],
        pointer: '/pages/1/blocks/0/text_source',
        code: 'invalid_value',
        message: 'expected "verified" | "inferred" | "derived", got "guessed"',
        severity: 'error'
      }
    ])
  })

  it('lists the first issues readably in the error message', () => {
    const doc = example()
    doc.pages[0].blocks[3].text = 5
    delete doc.pages[2].blocks[1].confidence
    expect(() => parseDocument(doc)).toThrow(
      [
        'Invalid document (2 issues):',
        '  pages[0].blocks[3].text: expected string, got 5',
        '  pages[2].blocks[1].confidence: expected number, got nothing (missing field)'
      ].join('\n')
    )
    try {
      parseDocument(doc)
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).name).toBe('ValidationError')
    }
  })

  it('unwraps the known/unknown block union to the branch that applies', () => {
    const doc = example()
    doc.pages[0].blocks.push({...doc.pages[0].blocks[3], id: 'future', type: 'signature', bbox: [0, 0, 2, 1]})
    doc.pages[0].blocks[7].rows = [['a'], 'b']
    expect(issuesOf(doc).map((i) => `${i.pointer} ${i.message}`)).toEqual([
      '/pages/0/blocks/7/rows/1 expected array, got "b"',
      '/pages/0/blocks/11/bbox/2 expected a number ≤ 1, got 2'
    ])
  })

  it('explains the image rule and the file hash pattern', () => {
    const doc = example()
    doc.pages[1].blocks[9].url = 'https://example.com/logo.png'
    doc.source.file_hash = 'md5:abc'
    expect(issuesOf(doc).map((i) => `${i.pointer} ${i.message}`)).toEqual([
      '/source/file_hash expected "sha256:" followed by 64 lowercase hex digits, got "md5:abc"',
      '/pages/1/blocks/9/image_b64 expected exactly one of url and image_b64, got both'
    ])
  })

  it('gives each rule of the model its own code', () => {
    const doc = example()
    doc.pages[0].blocks[0].bbox = [0.5, 0.1, 0.4, 1.2]
    doc.pages[1].blocks[9].url = 'https://example.com/logo.png'
    expect(issuesOf(doc).map((i) => `${i.code} ${i.pointer}`)).toEqual([
      'bbox_out_of_range /pages/0/blocks/0/bbox/3',
      'bbox_corner_order /pages/0/blocks/0/bbox/2',
      'image_source /pages/1/blocks/9/image_b64'
    ])
    const job = {...(readJsonFile('test/fixtures/conformance/valid/job-failed.json') as object), error: null}
    const result = safeParseJob(job)
    expect(result.success ? [] : result.error.issues.map((i) => `${i.code} ${i.pointer}`)).toEqual(['status_invariant /error'])
  })

  it('keeps unknown keys and unknown block types in lenient mode, and rejects them in strict mode', () => {
    const doc = example()
    doc.schema_version = '2'
    doc.pages[0].blocks[0].font = {size: 9}
    doc.pages[0].blocks.push({...doc.pages[0].blocks[3], id: 'sig', type: 'signature', signer: 'J. Doe', reading_order_index: 40})
    const parsed = parseDocument(doc) as Document & {schema_version: string}
    expect(parsed.schema_version).toBe('2')
    expect(parsed.pages[0]!.blocks[0]).toMatchObject({font: {size: 9}})
    expect(parsed.pages[0]!.blocks.at(-1)).toEqual(doc.pages[0].blocks.at(-1))
    expect(parsed).toEqual(doc)
    expect(issuesOf(doc, 'strict').map((i) => `${i.pointer} ${i.message}`)).toEqual([
      '/pages/0/blocks/0/font unknown key (not allowed in strict mode)',
      '/pages/0/blocks/11/type expected one of the known block types (strict mode), got "signature"',
      '/schema_version unknown key (not allowed in strict mode)'
    ])
  })

  it('fails on warnings in strict mode only', () => {
    const doc = example()
    doc.pages[0].blocks[2].verified = false
    expect(safeParseDocument(doc).success).toBe(true)
    expect(issuesOf(doc, 'strict')).toEqual([
      {
        path: ['pages', 0, 'blocks', 2, 'verified'],
        pointer: '/pages/0/blocks/2/verified',
        code: 'verified_mismatch',
        message: 'expected true (text_source is "verified"), got false',
        severity: 'warning'
      }
    ])
  })

  test.prop([documentArb], {numRuns: 100})('gives from text the parsed JSON itself, equal to the checked copy of a value', (doc) => {
    const text = JSON.stringify(doc)
    const fromText = parseDocument(text)
    expect(fromText).toEqual(JSON.parse(text))
    expect(fromText).toEqual(parseDocument(doc))
    expect(Object.keys(fromText)).toEqual(Object.keys(doc))
  })

  it('gives a value back as a copy, never the caller’s object', () => {
    const doc = example()
    const parsed = parseDocument(doc)
    expect(parsed).toEqual(doc)
    expect(parsed).not.toBe(doc)
    expect(parsed.pages[0]).not.toBe(doc.pages[0])
  })

  it('reports the same issues from text as from a value when one page is invalid (pages are checked one at a time)', () => {
    const doc = example()
    doc.pages[1].blocks[0].confidence = 2
    doc.source.page_count = 0
    expect(issuesOf(JSON.stringify(doc))).toEqual(issuesOf(doc))
    expect(issuesOf(JSON.stringify(doc)).map((issue) => issue.pointer)).toEqual(['/source/page_count', '/pages/1/blocks/0/confidence'])
    const job = JSON.parse(readFileSync(repoPath('test/fixtures/conformance/valid/job-completed-with-full-document.json'), 'utf8'))
    job.document.pages[0].blocks[0].type = 5
    const jobIssues = (input: unknown) => {
      const result = safeParseJob(input)
      return result.success ? [] : result.error.issues
    }
    expect(jobIssues(JSON.stringify(job))).toEqual(jobIssues(job))
    expect(jobIssues(job).length).toBeGreaterThan(0)
  })

  it('never mutates its input', () => {
    const doc = example()
    const before = JSON.stringify(doc)
    const frozen = Object.freeze(doc)
    parseDocument(frozen)
    parseDocument(frozen, {mode: 'strict'})
    expect(JSON.stringify(doc)).toBe(before)
  })

  it('reports invalid JSON with offset, line and column', () => {
    const result = safeParseDocument('{\n  "source": {"kind": "pdf",}\n}')
    expect(result.success).toBe(false)
    if (result.success) return
    expect(result.error.issues).toEqual([
      {
        code: 'invalid_json',
        path: [],
        pointer: '',
        message: 'invalid JSON at line 2, column 28 (offset 29): expected a string key',
        severity: 'error',
        offset: 29,
        line: 2,
        column: 28
      }
    ])
  })

  it.each([
    ['', 'offset 0): unexpected end of input'],
    ['[1, 2', 'offset 5): unexpected end of input'],
    ['{"a": 1} x', 'offset 9): unexpected text after the JSON value'],
    ['{"a": tru}', 'offset 6): unexpected character "t"'],
    ['{"a": "\u0001"}', 'offset 7): control character in string'],
    ['{"a": "\\x"}', 'offset 7): invalid escape'],
    ['[1 2]', "offset 3): expected ',' or ']'"],
    ['{"a" 1}', "offset 5): expected ':' after a key"]
  ])('locates the JSON error in %j', (text, end) => {
    const result = safeParseDocument(text)
    expect(result.success || result.error.issues[0]!.message.endsWith(end)).toBe(true)
    expect(result.success).toBe(false)
  })

  it('rejects invalid UTF-8 bytes', () => {
    expect(issuesOf(new Uint8Array([0x7b, 0xff, 0x7d])).map((i) => i.code)).toEqual(['invalid_utf8'])
  })

  it('rejects __proto__ keys cleanly, whether spelled or escaped, without polluting prototypes', () => {
    for (const text of ['{"__proto__": {"polluted": 1}}', '{"pages": [{"\\u005f_proto__": {"polluted": 1}}]}']) {
      const result = safeParseDocument(text)
      expect(result.success).toBe(false)
      if (!result.success) expect(result.error.issues[0]!.code).toBe('unsafe_key')
    }
    const value = JSON.parse('{"source": {"__proto__": {"polluted": 1}}}')
    expect(issuesOf(value)[0]).toMatchObject({code: 'unsafe_key', pointer: '/source/__proto__'})
    expect(({} as {polluted?: number}).polluted).toBeUndefined()
  })

  it('gives a clean error for hostile input: huge strings, deep nesting, wrong roots', () => {
    const doc = example()
    doc.pages[0].blocks[3].text = 'x'.repeat(50 * 1024 * 1024)
    expect(parseDocument(doc).pages[0]!.blocks[3]).toMatchObject({type: 'paragraph'})
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(issuesOf(deep).map((i) => i.message)).toEqual(['expected object, got an array of 1'])
    doc.pages[0].blocks[3].text = JSON.parse(deep)
    expect(issuesOf(doc).map((i) => i.pointer)).toEqual(['/pages/0/blocks/3/text'])
    for (const root of [null, 1, 'text', [], true]) expect(safeParseDocument(root).success).toBe(false)
    expect(issuesOf('NaN')[0]!.code).toBe('invalid_json')
    // Numbers too large for a double parse as ±Infinity: rejected, with the value shown.
    const huge = readFileSync(repoPath(EXAMPLE), 'utf8').replace('"confidence": 0.97', '"confidence": 1e400')
    expect(issuesOf(huge).map((i) => `${i.pointer} ${i.message}`)).toEqual(['/pages/0/blocks/7/confidence expected number, got Infinity'])
  })
})

describe('parseJob', () => {
  const job = () => readJsonFile('test/fixtures/conformance/valid/job-completed-reference-example.json') as any

  it("parses the API reference page's example", () => {
    const parsed = parseJob(JSON.stringify(job()))
    expect(parsed.status).toBe('completed')
    expect(parsed.document?.pages[0]?.blocks[0]).toMatchObject({type: 'heading', text: 'Quarterly Report'})
  })

  it('enforces the status invariants in both modes', () => {
    const messages = (value: unknown) => {
      const result = safeParseJob(value)
      return result.success ? [] : result.error.issues.map((i) => `${i.pointer} ${i.message}`)
    }
    expect(messages({...job(), document: null, markdown: null})).toEqual([
      '/document expected a document when status is "completed", got null',
      '/markdown expected markdown when status is "completed", got null'
    ])
    expect(messages({...job(), status: 'failed'})).toEqual(['/error expected an error when status is "failed", got null'])
    expect(messages({...job(), status: 'queued'})).toEqual(['/document expected null when status is "queued", got a document'])
    expect(messages({...job(), created_at: 'yesterday'})).toEqual([
      '/created_at expected an RFC 3339 date-time with offset (e.g. 2026-05-14T12:00:00Z), got "yesterday"'
    ])
  })

  it('reports document issues under /document', () => {
    const value = job()
    value.document.pages[0].blocks[0].confidence = 2
    const result = safeParseJob(value)
    expect(result.success ? [] : result.error.issues.map((i) => `${i.pointer} ${i.message}`)).toEqual([
      '/document/pages/0/blocks/0/confidence expected a number ≤ 1, got 2'
    ])
    expect(() => parseJob(value)).toThrow('Invalid job (1 issue):\n  document.pages[0].blocks[0].confidence: expected a number ≤ 1, got 2')
  })

  it('rejects an unknown mode', () => {
    expect(() => parseJob(job(), {mode: 'loose' as 'strict'})).toThrow('mode: expected "lenient" or "strict", got "loose"')
  })
})

describe('parse: properties over generated documents', () => {
  const extras = fc.dictionary(
    fc.string({minLength: 1, maxLength: 8}).map((key) => `x_${key}`),
    // A `__proto__` key is refused on purpose (`unsafe_key`, tested on its own); fast-check's
    // JSON values sometimes hold one, which made this property fail now and then.
    fc.jsonValue({maxDepth: 2}).filter((value) => !JSON.stringify(value).includes('"__proto__"')),
    {maxKeys: 2}
  )
  const withExtras = fc.tuple(documentArb, extras, extras, extras).map(([doc, root, page, block]) => ({
    doc: {
      ...doc,
      ...root,
      pages: doc.pages.map((p, i) => ({...p, ...(i === 0 ? page : {}), blocks: p.blocks.map((b, j) => (j === 0 ? {...b, ...block} : b))}))
    },
    added:
      Object.keys(root).length +
      (doc.pages.length > 0 ? Object.keys(page).length : 0) +
      // A block of an unknown type fails strict mode as a whole (its keys are not listed).
      doc.pages.filter((p) => p.blocks.length > 0 && isKnownBlock(p.blocks[0]!)).length * Object.keys(block).length
  }))

  test.prop([withExtras], {numRuns: 200})(
    'lenient parsing keeps everything, unknown keys included; strict mode rejects exactly those',
    ({doc, added}) => {
      const text = JSON.stringify(doc)
      expect(parseDocument(text)).toEqual(JSON.parse(text))
      const strict = safeParseDocument(text, {mode: 'strict'})
      const unknown = strict.success ? [] : strict.error.issues.filter((issue) => issue.code === 'unrecognized_key')
      expect(unknown).toHaveLength(added)
    }
  )
})
