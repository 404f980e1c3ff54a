import {PassThrough, Writable} from 'node:stream'
import {fc, test} from '@fast-check/vitest'
import {describe, expect, it} from 'vitest'
import {OptionsError, type RenderOptions, parseDocument, render, renderChunks, renderMarkdown, renderToStream, stringifyMarkdown, toMdast} from '../../src/index.js'
import {documentArb} from '../helpers/arbitraries.js'
import {CORPUS, EXAMPLE, corpusPath, readJsonFile} from '../helpers/paths.js'
import {readFileSync} from 'node:fs'

const optionsArb: fc.Arbitrary<RenderOptions> = fc.record(
  {
    pageBreaks: fc.constantFrom('none' as const, 'rule' as const, 'comment' as const),
    furniture: fc.boolean(),
    images: fc.constantFrom('placeholder' as const, 'embed' as const, 'omit' as const),
    sourceMap: fc.boolean()
  },
  {requiredKeys: []}
)

/** Every piece and the report of a streamed render. */
function drain(chunks: Generator<string, unknown>): {pieces: string[]; report: unknown} {
  const pieces: string[] = []
  for (let step = chunks.next(); ; step = chunks.next()) {
    if (step.done) return {pieces, report: step.value}
    pieces.push(step.value)
  }
}

const example = () => parseDocument(readJsonFile(EXAMPLE))
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

describe('renderChunks', () => {
  test.prop([documentArb, optionsArb, fc.integer({min: 1024, max: 4096})], {numRuns: 150})(
    'joins to exactly what render gives (markdown, warnings and source map), in pieces of at most chunkSize',
    (doc, options, chunkSize) => {
      const {pieces, report} = drain(renderChunks(doc, {...options, chunkSize}))
      const whole = render(doc, options)
      expect(pieces.join('')).toBe(whole.markdown)
      expect(report).toEqual({warnings: whole.warnings, ...(whole.sourceMap ? {sourceMap: whole.sourceMap} : {})})
      expect(pieces.join('')).toBe(stringifyMarkdown(toMdast(doc, options)))
      for (const piece of pieces) {
        expect(piece.length).toBeGreaterThan(0)
        expect(piece.length).toBeLessThanOrEqual(chunkSize)
        expect(isHighSurrogate(piece.charCodeAt(piece.length - 1))).toBe(false)
      }
    }
  )

  it('cuts a block longer than a piece without splitting a surrogate pair', () => {
    const doc = example()
    // 😀 is a surrogate pair: an odd prefix puts a pair across every 1,024-character boundary.
    doc.pages[0]!.blocks.push({...doc.pages[0]!.blocks[1]!, id: 'long', reading_order_index: 99, type: 'paragraph', text: 'x' + '😀'.repeat(5000)} as never)
    const {pieces} = drain(renderChunks(doc, {chunkSize: 1024}))
    expect(pieces.length).toBeGreaterThan(9)
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(1024)
      expect(isHighSurrogate(piece.charCodeAt(piece.length - 1))).toBe(false)
    }
    expect(pieces.join('')).toBe(renderMarkdown(doc))
  })

  it('gives the corpus documents as render does', () => {
    for (const name of CORPUS) {
      const doc = parseDocument(readFileSync(corpusPath(name)))
      expect(drain(renderChunks(doc, {chunkSize: 1024})).pieces.join('')).toBe(renderMarkdown(doc))
    }
  })

  it('refuses a chunk size below 1,024', () => {
    expect(() => renderChunks(example(), {chunkSize: 10}).next()).toThrow(OptionsError)
  })
})

describe('renderToStream', () => {
  it('writes the markdown through a stream that pushes back, waiting for drain, and resolves with the report', async () => {
    const doc = example()
    const received: string[] = []
    let drains = 0
    let mostBuffered = 0
    // A slow reader with a tiny buffer: every write asks the writer to wait.
    const slow: Writable = new Writable({
      highWaterMark: 16,
      decodeStrings: false,
      write(chunk: string, _encoding, done) {
        received.push(chunk)
        mostBuffered = Math.max(mostBuffered, slow.writableLength)
        setImmediate(done)
      }
    })
    slow.on('drain', () => drains++)
    const report = await renderToStream(doc, slow, {chunkSize: 1024, sourceMap: true})
    const whole = render(doc, {sourceMap: true})
    expect(received.join('')).toBe(whole.markdown)
    expect(report).toEqual({warnings: whole.warnings, sourceMap: whole.sourceMap})
    expect(drains).toBeGreaterThan(0)
    // Backpressure honoured: never more than one piece waiting in the stream.
    expect(mostBuffered).toBeLessThanOrEqual(1024)
    expect(slow.writableEnded).toBe(false)
  })

  it('rejects when the stream fails, even with room in its buffer', async () => {
    const full = new Writable({
      decodeStrings: false,
      write(_chunk, _encoding, done) {
        done(Object.assign(new Error('ENOSPC: no space left on device'), {code: 'ENOSPC'}))
      }
    })
    full.on('error', () => {}) // the rejection reports it
    await expect(renderToStream(example(), full)).rejects.toThrow('ENOSPC')
  })

  it('rejects when the stream is destroyed before it drains', async () => {
    const stuck = new PassThrough({highWaterMark: 1})
    const rendering = renderToStream(example(), stuck, {chunkSize: 1024})
    stuck.destroy(new Error('disk full'))
    await expect(rendering).rejects.toThrow('disk full')
  })

  it('rejects at once when the stream was gone before the render began (its error came first: no event is left to wait for)', async () => {
    for (const small of [false, true]) {
      const failed = new PassThrough({highWaterMark: small ? 1 : 1 << 20})
      failed.on('error', () => {})
      failed.destroy(Object.assign(new Error('EISDIR: illegal operation on a directory'), {code: 'EISDIR'}))
      await new Promise((resolve) => setImmediate(resolve)) // its error and close events are past
      await expect(renderToStream(example(), failed, {chunkSize: 1024})).rejects.toThrow('EISDIR')
      const closed = new PassThrough({highWaterMark: small ? 1 : 1 << 20})
      closed.destroy()
      await new Promise((resolve) => setImmediate(resolve))
      await expect(renderToStream(example(), closed, {chunkSize: 1024})).rejects.toThrow('the stream closed before the markdown was written')
    }
  })
})
