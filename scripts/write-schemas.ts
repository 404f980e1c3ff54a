// Writes schemas/*.schema.json and docs/fields.md from the zod source (`npm run schemas`); a test fails when they are stale.
import {mkdirSync, writeFileSync} from 'node:fs'
import {schemaFileName, toJSONSchema} from '../src/model/json-schema.js'
import {fieldTables} from './field-tables.js'
import {chunkJSONSchema} from '../src/chunk/schema.js'

const dir = new URL('../schemas/', import.meta.url)
mkdirSync(dir, {recursive: true})
for (const name of ['document', 'job'] as const)
  for (const strict of [false, true]) {
    const file = new URL(schemaFileName(name, strict), dir)
    writeFileSync(file, JSON.stringify(toJSONSchema(name, {strict}), null, 2) + '\n')
    console.log(`wrote ${file.pathname}`)
  }
writeFileSync(new URL('chunk.schema.json', dir), JSON.stringify(chunkJSONSchema(), null, 2) + '\n')
const docs = new URL('../docs/', import.meta.url)
mkdirSync(docs, {recursive: true})
writeFileSync(new URL('fields.md', docs), fieldTables())
console.log(`wrote ${new URL('fields.md', docs).pathname}`)
