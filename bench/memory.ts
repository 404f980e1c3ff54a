// Peak memory of the pipeline (JSON text → markdown) in a fresh process: the rise of the
// process's peak RSS over its RSS with the input loaded. Prints JSON for bench/run.ts.
import {parseDocument, renderMarkdown} from '../src/index.js'
import {generateDocument} from './generate.js'

const json = generateDocument(Number(process.argv[2] ?? 1000))
const gc = (globalThis as {gc?: () => void}).gc!
gc()
const before = process.memoryUsage().rss
const peakBefore = process.resourceUsage().maxRSS * 1024
const markdown = renderMarkdown(parseDocument(json))
const peak = process.resourceUsage().maxRSS * 1024
process.stdout.write(
  JSON.stringify({
    inputBytes: Buffer.byteLength(json),
    peakBytes: peak - Math.max(before, peakBefore),
    outputBytes: Buffer.byteLength(markdown)
  })
)
