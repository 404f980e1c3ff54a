import {readFileSync} from 'node:fs'
import {chunkDocument} from './src/chunk/chunk.ts'
import {parseDocument} from './src/index.ts'
const doc = parseDocument(readFileSync('test/fixtures/conformance/valid/document-every-block-type.json','utf8'))
for (const max of [512, 60, 20]) {
const chunks = await chunkDocument(doc, {maxTokens: max, overlap: max===60?20:0})
for (const c of chunks) console.log(c.index, c.id, c.tokenCount, c.pages, c.continued, JSON.stringify(c.headings.map(h=>h.text)), JSON.stringify(c.contextualText).slice(0,300), c.spans.length)
}
