// Writes schemas/*.schema.json and docs/fields.md from the zod source (`npm run schemas`), the
// TypeScript that json-schema-to-typescript generates from the lenient schemas (test/types/, for
// the type-level test of test/types/generated-types.ts) and the CLI's validators, compiled from
// the lenient model's plan (src/parse/lenient-validator.ts); a test fails when any of them is stale.
import {mkdirSync, writeFileSync} from 'node:fs'
import {compileFromFile} from 'json-schema-to-typescript'
import {SCHEMA_NAMES, hasStrictSchema, schemaFileName, toJSONSchema} from '../src/model/json-schema.js'
import {fieldTables} from './field-tables.js'
import {queueJobJsonSchema} from '../src/queue/job-data.js'
import {validatorModuleText} from './plan-module.js'

const write = (url: URL, text: string) => {
  writeFileSync(url, text)
  console.log(`wrote ${url.pathname}`)
}

const dir = new URL('../schemas/', import.meta.url)
mkdirSync(dir, {recursive: true})
for (const name of SCHEMA_NAMES)
  for (const strict of hasStrictSchema(name) ? [false, true] : [false])
    write(new URL(schemaFileName(name, strict), dir), JSON.stringify(toJSONSchema(name, {strict}), null, 2) + '\n')

// The queue's job data (docmodel/queue): a schema beside the queue, not a contract of the model.
write(new URL('queue-job.schema.json', dir), JSON.stringify(queueJobJsonSchema(), null, 2) + '\n')

const docs = new URL('../docs/', import.meta.url)
mkdirSync(docs, {recursive: true})
write(new URL('fields.md', docs), fieldTables())

const types = new URL('../test/types/', import.meta.url)
mkdirSync(types, {recursive: true})
for (const name of SCHEMA_NAMES)
  write(new URL(`${name}.generated.d.ts`, types), await compileFromFile(new URL(schemaFileName(name), dir).pathname))

// The lenient model's validators, compiled from its plan, for the CLI (src/parse/planned.ts).
write(new URL('../src/parse/lenient-validator.ts', import.meta.url), validatorModuleText())
