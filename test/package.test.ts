import {execFileSync} from 'node:child_process'
import {existsSync, readFileSync} from 'node:fs'
import {describe, expect, it} from 'vitest'
import {VERSION} from '../src/version.js'
import * as api from '../src/index.js'
import * as queue from '../src/queue/index.js'
import {readJsonFile, repoPath} from './helpers/paths.js'

/**
 * What the built entry points give, from one fresh Node process in the repository root (where
 * `docmodel` resolves to this package's exports): one process for every check below, not one each.
 */
interface Built {
  names: string[]
  queueNames: string[]
  markdown: string
  schemaId: string
  testing: string
  kinds: Record<string, Record<string, string[]>>
}
let built: Built | undefined
const fromBuild = (): Built =>
  (built ??= JSON.parse(
    execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `
        import {readFileSync} from 'node:fs'
        import {createRequire} from 'node:module'
        import {ZodType} from 'zod'
        const docmodel = await import('docmodel')
        const entries = {docmodel, 'docmodel/testing': await import('docmodel/testing'), 'docmodel/import': await import('docmodel/import')}
        const queue = await import('docmodel/queue')
        const kind = (v) => typeof v === 'function' ? (/^class\\b/.test(Function.prototype.toString.call(v)) ? 'class' : 'function')
          : v instanceof ZodType ? 'schema' : v !== null && typeof v === 'object' ? 'object' : 'constant'
        const kinds = {}
        for (const [entry, m] of Object.entries(entries))
          for (const name of Object.keys(m).sort()) ((kinds[entry] ??= {})[kind(m[name])] ??= []).push(name)
        console.log(JSON.stringify({
          names: Object.keys(docmodel).sort(),
          queueNames: Object.keys(queue).sort(),
          markdown: docmodel.renderMarkdown(docmodel.parseDocument(readFileSync('examples/quarterly-report.json'))),
          schemaId: createRequire(import.meta.url)('docmodel/schemas/document.schema.json').$id,
          testing: typeof entries['docmodel/testing'].createContractServer,
          kinds
        }))`
      ],
      {cwd: repoPath(''), encoding: 'utf8'}
    )
  ) as Built)

describe('the published package (dist, through its "exports")', () => {
  it('exposes named exports only, the same as the source', () => {
    const {names} = fromBuild()
    expect(names).toEqual(Object.keys(api).sort())
    expect(names).not.toContain('default')
  })

  it('renders the bundled example from the built code', () => {
    expect(fromBuild().markdown.startsWith('# Quarterly Report: Q3 2026\n')).toBe(true)
  })

  it('serves the JSON Schema files and the testing entry point', () => {
    expect([fromBuild().schemaId, fromBuild().testing]).toEqual(['https://docmodel.dev/schemas/document.schema.json', 'function'])
  })

  it('exports exactly the public API, each name with its kind', () => {
    // The kind of every runtime export of the built entry points: changing this list is changing the public API.
    expect(fromBuild().kinds).toEqual(PUBLIC_API)
  })

  it('docmodel/queue exposes the same named exports as the source, and nothing else', () => {
    const {queueNames} = fromBuild()
    expect(queueNames).toEqual(Object.keys(queue).sort())
    expect(queueNames).toEqual([
      'DEFAULT_QUEUE_NAME',
      'QUEUE_FORMATS',
      'QueueJobData',
      'QueueJobOptions',
      'createProcessor',
      'createWorker',
      'enqueue',
      'jobOptionsOf',
      'outputsOf',
      'queueJobJsonSchema',
      'waitForJobs'
    ])
  })

  it('documents every export in the README', () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('\n## API\n'), readme.indexOf('\n## Errors\n'))
    const names = Object.values(PUBLIC_API).flatMap((byKind) => Object.values(byKind).flat())
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(section))).toEqual([])
  })

  it("links the API overview to sections that exist, here and in docs/api", () => {
    const readme = readFileSync(repoPath('README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('\n## API\n'), readme.indexOf('\n## Errors\n'))
    const links = [...section.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!)
    const broken = links.filter((link) => {
      const [file, anchor] = link.split('#') as [string, string | undefined]
      if (file === '') return !headingAnchors(readme).has(anchor!)
      if (!existsSync(repoPath(file))) return true
      return anchor !== undefined && !headingAnchors(readFileSync(repoPath(file), 'utf8')).has(anchor)
    })
    expect(links.length).toBeGreaterThan(40)
    expect(broken).toEqual([])
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
      bin: {docmodel: './dist/bin/docmodel.js'}
    })
    for (const version of Object.values({...pkg.dependencies, ...pkg.devDependencies})) expect(version).toMatch(/^\d+\.\d+\.\d+$/)
  })
})

/** The runtime exports of each entry point of the package, by kind (zod schemas, classes, functions, objects, constants). */
const PUBLIC_API = {
  docmodel: {
    schema: [
      'BBox', 'Block', 'BlockType', 'CalloutBlock', 'CaptionBlock', 'ChartBlock', 'ChunkHeading', 'ChunkLine', 'ChunkSpan',
      'CodeBlock', 'DiagramBlock', 'Document', 'Extraction', 'FileInfo', 'FootnoteBlock', 'FormulaBlock', 'HeadingBlock',
      'ImageBlock', 'Job', 'JobError', 'JobStatus', 'KnownBlock', 'ListBlock', 'Page', 'PageFailure', 'PageFooterBlock',
      'PageHeaderBlock', 'ParagraphBlock', 'Source', 'SourceMap', 'SourceMapCell', 'SourceMapEntry', 'TableBlock',
      'TextSource', 'UnknownBlock'
    ],
    class: [
      'ApiError', 'DocmodelError', 'JobFailedError', 'NetworkError', 'OptionsError', 'ResponseTooLargeError', 'TimeoutError',
      'ValidationError'
    ],
    function: [
      'analyzeReadingOrder', 'area', 'blockStats', 'blocksAt', 'blocksInReadingOrder', 'blocksInRegion', 'checkDocument',
      'checkJob', 'chunkDocument', 'compareBlocks', 'compareDocuments', 'convertBBox', 'createClient', 'detectDirection',
      'entriesIn', 'filterBlocks', 'formatComparison', 'formatIssue', 'formatIssues', 'formatPath', 'inferReadingOrder',
      'intersection', 'iou', 'isKnownBlock', 'isKnownBlockType', 'iterateBlocks', 'iterateChunks', 'loadTokenizer',
      'parseDocument', 'parseJob', 'parseRetryAfter', 'render', 'renderChunks', 'renderMarkdown', 'renderPageSvg',
      'renderPreviewHtml', 'renderToStream', 'retryDelay', 'safeParseDocument', 'safeParseJob', 'sortByReadingOrder',
      'stringifyMarkdown', 'tableSimilarity', 'toCodePointOffsets', 'toJSONSchema', 'toMdast', 'toPointer', 'toUtf8Offsets'
    ],
    object: [
      'BLOCK_TYPES', 'JOB_STATUSES', 'TERMINAL_STATUSES', 'TEXT_BLOCK_TYPES', 'charsTokenizer', 'defaultHandlers',
      'lenientModel', 'presets', 'strictModel'
    ],
    constant: ['DEFAULT_BASE_URL', 'DEFAULT_CHUNK_SIZE', 'DEFAULT_MAX_RESPONSE_BYTES']
  },
  'docmodel/testing': {function: ['createContractServer']},
  'docmodel/import': {function: ['fromAzureLayout', 'fromDocling', 'fromTextract']}
}

/** The anchors GitHub gives a markdown file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  let fenced = false
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced
    const heading = fenced ? null : /^#{1,6} (.+)$/.exec(line)
    if (!heading) continue
    const slug = heading[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{Mn}\p{Pc} -]/gu, '').replaceAll(' ', '-')
    const count = seen.get(slug) ?? 0
    seen.set(slug, count + 1)
    anchors.add(count === 0 ? slug : `${slug}-${count}`)
  }
  return anchors
}
