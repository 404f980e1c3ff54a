// Rewrites test/fixtures/render/*/output.md from input.json (+ options.json) (`npm run fixtures`).
// Read the diff before committing: the fixtures are the renderer's contract.
import {existsSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {parseDocument, renderMarkdown} from '../src/index.js'

const root = new URL('../test/fixtures/render/', import.meta.url)
for (const name of readdirSync(root)) {
  const dir = new URL(`${name}/`, root)
  const options = existsSync(new URL('options.json', dir)) ? JSON.parse(readFileSync(new URL('options.json', dir), 'utf8')) : {}
  const markdown = renderMarkdown(parseDocument(readFileSync(new URL('input.json', dir))), options)
  writeFileSync(new URL('output.md', dir), markdown)
  console.log(`wrote ${name}/output.md`)
}
