import {describe, expect, it} from 'vitest'
import {type SafeParseResult, lenientModel, parseDocument, parseJob, safeParseDocument} from '../../src/index.js'
import {EXAMPLE, readJsonFile} from '../helpers/paths.js'

// An image's `url` (and a diagram's `image_url`, a job's `status_url`) is checked, never changed:
// the value a caller passes is copied as it is, and the verdict does not depend on how often the
// check ran (zod's `z.url()` did both: it trimmed the string and dropped its tabs and line breaks,
// and asked Node 20's `URL.canParse`, which refuses a Latin-1 host once it is optimised).

/** The example document with its first image pointing at `url` (no base64). */
function withImageUrl(url: string) {
  const doc = readJsonFile(EXAMPLE) as any
  const image = doc.pages.flatMap((page: any) => page.blocks).find((block: any) => block.type === 'image')
  delete image.image_b64
  image.url = url
  return {doc, id: image.id as string}
}

const imageUrl = (doc: any, id: string) => doc.pages.flatMap((page: any) => page.blocks).find((block: any) => block.id === id).url

/** The issues of a failed parse, as `pointer code message`. */
function issues(result: SafeParseResult<unknown>): string {
  expect(result.success).toBe(false)
  return result.success ? '' : result.error.issues.map((i) => `${i.pointer} ${i.code} ${i.message}`).join('\n')
}

describe('URLs are checked, not rewritten', () => {
  it('a caller’s value keeps its URL byte for byte (spaces around it, a tab and a line break inside), as text does', () => {
    const url = ' https://example.com/a\tb\nc.png '
    const {doc, id} = withImageUrl(url)
    expect(imageUrl(parseDocument(doc), id)).toBe(url)
    expect(imageUrl(parseDocument(JSON.stringify(doc)), id)).toBe(url)
    expect(imageUrl(parseDocument(doc, {mode: 'strict'}), id)).toBe(url)
  })

  it('a URL with a Latin-1 host is valid however often URLs were checked before', () => {
    // Optimised, Node 20's URL.canParse starts refusing such hosts (after some thousand calls).
    for (let i = 0; i < 20_000; i++) URL.canParse(`https://ß${i % 7}.de/x`)
    const {doc, id} = withImageUrl('https://ß.de/figure.png')
    for (let i = 0; i < 20; i++) expect(imageUrl(parseDocument(doc), id)).toBe('https://ß.de/figure.png')
    const job = {...(readJsonFile('test/fixtures/conformance/valid/job-queued.json') as object), status_url: 'https://ä.example/jobs/j1'}
    expect(parseJob(job).status_url).toBe('https://ä.example/jobs/j1')
    // And the other way: optimised, it accepts a Latin-1 host the URL parser refuses.
    const invalid = withImageUrl('https://ß\x85/')
    expect(issues(safeParseDocument(invalid.doc))).toBe('/pages/1/blocks/9/url invalid_format expected an absolute URL, got "https://ß\x85/"')
  })

  it('zod users of the exported schemas get zod’s message for an invalid URL', () => {
    const {doc} = withImageUrl('nope')
    const result = lenientModel.Document.safeParse(doc)
    expect(result.success ? [] : result.error.issues.map(({code, message}) => `${code} ${message}`)).toEqual(['invalid_format Invalid URL'])
  })

  it('an invalid URL has the issue it had with z.url()', () => {
    const {doc} = withImageUrl('not a url')
    expect(issues(safeParseDocument(doc))).toBe('/pages/1/blocks/9/url invalid_format expected an absolute URL, got "not a url"')
    expect(issues(safeParseDocument(JSON.stringify(doc)))).toBe('/pages/1/blocks/9/url invalid_format expected an absolute URL, got "not a url"')
  })
})
