import {readFileSync} from 'node:fs'
import {fc, test} from '@fast-check/vitest'
import {Ajv2020} from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import {describe, expect, it} from 'vitest'
import {formatSettings} from '../../src/cli/batch/formats.js'
import {QueueJobData, type QueueJobOptions, optionsToValues, outputsOf, queueJobJsonSchema, valuesToOptions} from '../../src/queue/job-data.js'
import {rateLimit} from '../../src/cli/commands/worker.js'
import {createClient} from '../../src/client/client.js'
import {cli} from '../cli/helpers.js'
import {repoPath} from '../helpers/paths.js'

const options: fc.Arbitrary<QueueJobOptions> = fc.record(
  {
    furniture: fc.boolean(),
    pageBreaks: fc.constantFrom('none', 'rule', 'comment'),
    images: fc.constantFrom('placeholder', 'embed', 'omit'),
    embeddedText: fc.boolean(),
    headingNumbering: fc.boolean(),
    order: fc.constantFrom('index', 'geometry'),
    direction: fc.constantFrom('auto', 'ltr', 'rtl'),
    preset: fc.constantFrom('trusted', 'textOnly', 'verifiedOnly'),
    minConfidence: fc.double({min: 0, max: 1, noNaN: true}),
    textSource: fc.uniqueArray(fc.constantFrom('verified', 'inferred', 'derived'), {minLength: 1}),
    maxTokens: fc.integer({min: 50, max: 4000}),
    tokenizer: fc.constantFrom('o200k_base', 'cl100k_base', 'chars'),
    overlap: fc.integer({min: 0, max: 49}),
    boundary: fc.constantFrom('section', 'page', 'none'),
    mergeUnder: fc.integer({min: 0, max: 100}),
    headings: fc.boolean(),
    colorBy: fc.constantFrom('type', 'text-source', 'confidence'),
    orderNumbers: fc.boolean(),
    lowConfidence: fc.double({min: 0, max: 1, noNaN: true}),
    dpi: fc.double({min: 1e-3, max: 1e5, noNaN: true}),
    strict: fc.boolean(),
    kind: fc.constantFrom('document', 'job'),
    maxInputBytes: fc.integer({min: 1, max: 2 ** 40})
  },
  {requiredKeys: []}
  // Batch refuses --no-order with --order geometry (nothing to draw the order with); so does a job.
).filter((o) => !(o.orderNumbers === false && o.order === 'geometry')) as fc.Arbitrary<QueueJobOptions>

describe('job options ↔ batch flags', () => {
  test.prop([options], {numRuns: 300})('a job is converted with the settings batch builds from the same flags', (o) => {
    expect(QueueJobData.safeParse({input: {path: '/a.json'}, to: ['markdown', 'chunks', 'preview'], out: '/o/', options: o}).success).toBe(true)
    const values = optionsToValues(o)
    const settings = formatSettings(values, o.maxTokens === undefined ? ['markdown', 'preview'] : ['markdown', 'chunks', 'preview'])
    // Numbers survive the trip through flag text exactly (no exponent that batch's flags refuse).
    if (o.minConfidence !== undefined) expect(settings.selection?.minConfidence).toBe(o.minConfidence)
    if (o.lowConfidence !== undefined) expect(settings.preview.lowConfidence).toBe(o.lowConfidence)
    if (o.dpi !== undefined) expect(settings.preview.dpi).toBe(o.dpi)
    expect(settings.render.embeddedText).toBe(o.embeddedText ?? false)
    expect(settings.render.headingNumbering).toBe(o.headingNumbering ?? true)
    expect(settings.render.order).toBe(o.order)
    expect(settings.render.direction).toBe(o.direction)
    if (o.maxTokens !== undefined) expect(settings.chunking).toMatchObject({maxTokens: o.maxTokens, headings: o.headings ?? true})
    // And enqueue's way back from flags gives the same flags again.
    expect(optionsToValues(valuesToOptions(values))).toEqual(values)
  })

  it('spells tiny numbers without an exponent', () => {
    expect(optionsToValues({minConfidence: 1e-7, lowConfidence: 5e-324})).toEqual({'min-confidence': '0.0000001', 'low-confidence': `0.${'0'.repeat(323)}5`})
  })

  it('reads --rate-limit as jobs per time', () => {
    expect([rateLimit('10/1s'), rateLimit('600/m'), rateLimit('5/250ms'), rateLimit('3/2')]).toEqual([
      {max: 10, duration: 1000},
      {max: 600, duration: 60_000},
      {max: 5, duration: 250},
      {max: 3, duration: 2}
    ])
    for (const bad of ['10', '0/1s', '10/0s', 'x/1s', '10/1d']) expect(() => rateLimit(bad)).toThrow('--rate-limit: expected jobs per time')
  })
})

describe('output names', () => {
  it('adds each format\'s extension to a prefix, or names the outputs after the input in a directory', () => {
    const to = ['markdown', 'chunks']
    expect(outputsOf({input: {path: 'in/report.JSON'}, to, out: 'out/2024/report'}, '/w').map((o) => o.path)).toEqual([
      '/w/out/2024/report.md',
      '/w/out/2024/report.chunks.jsonl'
    ])
    expect(outputsOf({input: {path: 'in/report.json'}, to, out: 'out/'}, '/w').map((o) => o.path)).toEqual(['/w/out/report.md', '/w/out/report.chunks.jsonl'])
    expect(outputsOf({input: {url: 'https://h.example/a/b/Q3%20report.json?x=1'}, to: ['markdown'], out: '/o/'}, '/w')[0]!.path).toBe('/o/Q3 report.md')
    expect(outputsOf({input: {url: 'https://h.example/'}, to: ['markdown'], out: '/o/'}, '/w')[0]!.path).toBe('/o/h.example.md')
    expect(outputsOf({input: {jobId: 'job_7'}, to: ['json'], out: '/o/'}, '/w')[0]!.path).toBe('/o/job_7.json')
  })

  it('keeps a directory\'s outputs inside it, whatever the input is called', () => {
    for (const url of ['https://h.example/..%2F..%2Fetc%2Fpasswd', 'https://h.example/%2e%2e', 'https://h.example/a%0Ab.json'])
      expect(outputsOf({input: {url}, to: ['markdown'], out: '/o/'}, '/w')[0]!.path).toMatch(/^\/o\/[^/]+\.md$/)
  })
})

describe('the job data\'s JSON Schema', () => {
  it('schemas/queue-job.schema.json is up to date (npm run schemas) and docmodel schema queue-job prints it', async () => {
    const committed = JSON.parse(readFileSync(repoPath('schemas/queue-job.schema.json'), 'utf8'))
    expect(committed).toEqual(queueJobJsonSchema())
    const printed = await cli(['schema', 'queue-job'])
    expect(printed.code).toBe(0)
    expect(JSON.parse(printed.stdout)).toEqual(committed)
  })

  // A worker must never take a job its jobs client refuses: the schema's rule is the client's.
  test.prop([fc.string({unit: fc.constantFrom('a', '.', '/', '\\', '\u0000', '\u001f', '\u007f', '\ud800', '%', 'é')})], {numRuns: 300})(
    'takes exactly the job ids the jobs client takes',
    async (id) => {
      // The id is checked before any request; a request that goes out gets a 404 (no server needed).
      const client = createClient({apiKey: 'k', baseUrl: 'http://127.0.0.1:9', fetch: async () => Response.json({}, {status: 404})})
      const clientTakes = await client.getJob(id).then(
        () => true,
        (error: Error) => (error.name === 'OptionsError' ? false : true)
      )
      expect(QueueJobData.safeParse({input: {jobId: id}, to: ['json'], out: '/o/'}).success).toBe(clientTakes)
    }
  )

  it('accepts and refuses what the zod schema does', () => {
    const ajv = new Ajv2020({strict: false})
    addFormats.default(ajv)
    const validate = ajv.compile(queueJobJsonSchema())
    const cases: unknown[] = [
      {input: {path: '/a.json'}, to: ['markdown'], out: '/o/'},
      {input: {url: 'https://example.com/a.json'}, to: ['markdown', 'chunks'], out: 'o/a', options: {maxTokens: 512, textSource: ['verified']}},
      {input: {jobId: 'j'}, to: ['json'], out: '/o/', options: {headings: false}},
      {input: {path: ''}, to: ['markdown'], out: '/o/'},
      {input: {path: '/a.json', url: 'https://example.com/'}, to: ['markdown'], out: '/o/'},
      {input: {path: '/a.json'}, to: [], out: '/o/'},
      {input: {path: '/a.json'}, to: ['pdf'], out: '/o/'},
      {input: {path: '/a.json'}, to: ['markdown'], out: '/o/', options: {maxTokens: 0}},
      {input: {path: '/a.json'}, to: ['markdown'], out: '/o/', options: {unknown: 1}},
      {input: {path: '/a.json'}, to: ['markdown'], out: '/o/', options: {minConfidence: 2}},
      {input: {path: '/a.json'}, to: ['markdown']},
      {input: {path: '/a.json'}, to: ['markdown', 'markdown'], out: '/o/'},
      {input: {url: 'ftp://example.com/a.json'}, to: ['markdown'], out: '/o/'},
      // The jobs client's rule for ids; no NUL in a path (no file system takes one).
      ...['', '.', '..', '...', '.a', 'a/b', 'a\\b', 'a\u0000', 'a\u001fb', 'a\u007f', 'job_7'].map((jobId) => ({input: {jobId}, to: ['json'], out: '/o/'})),
      {input: {path: '/a\u0000.json'}, to: ['markdown'], out: '/o/'},
      {input: {path: '/a.json'}, to: ['markdown'], out: '/o/\u0000/'}
    ]
    for (const data of cases) expect([data, validate(data)]).toEqual([data, QueueJobData.safeParse(data).success])
  })
})

// Which commands load the queue's packages (bullmq, ioredis): test/cli/startup.test.ts, in the same
// processes that check the rest of the start-up.
