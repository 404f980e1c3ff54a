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

// The real documents of the corpus, rendered with the defaults: read them as a user would.
const corpus = new URL('../test/fixtures/corpus/', import.meta.url)
for (const name of readdirSync(corpus).filter((file) => file.endsWith('.json'))) {
  const markdown = renderMarkdown(parseDocument(readFileSync(new URL(name, corpus))))
  writeFileSync(new URL(name.replace(/\.json$/, '.md'), corpus), markdown)
  console.log(`wrote corpus/${name.replace(/\.json$/, '.md')}`)
}
