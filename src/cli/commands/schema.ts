import {SCHEMA_NAMES, hasStrictSchema, toJSONSchema} from '../../model/json-schema.js'
import {oneOf, text} from '../args.js'
import {type Command, EXIT, compactHelp, compactOptions, outputHelp, outputOptions} from '../command.js'
import {UsageError} from '../errors.js'
import {outputTarget} from '../io.js'

/** The queue's job data has its schema beside the queue (src/queue), loaded only when asked for. */
const NAMES = [...SCHEMA_NAMES, 'queue-job'] as const

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema (draft 2020-12) of a document, job, source map, chunk line or queue job',
  help: `Usage: docmodel schema [${NAMES.join('|')}] [--strict]

Prints the JSON Schema (draft 2020-12) of the lenient contract, or of the strict one.

Options:
      --strict                 the strict contract (no unknown keys or block types)
${compactHelp}
${outputHelp}

Examples:
  docmodel schema document -o document.schema.json
  docmodel schema job --strict`,
  options: {strict: {type: 'boolean'}, ...compactOptions, ...outputOptions},
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`schema takes one name (${NAMES.join(', ')}), got ${positionals.length}`)
    const name = oneOf('schema', positionals[0] ?? 'document', NAMES)!
    if (values.strict === true && (name === 'queue-job' || !hasStrictSchema(name))) throw new UsageError(`--strict: the ${name} contract has no strict variant`)
    const write = await outputTarget(text(values, 'output'), [], io)
    const schema =
      name === 'queue-job' ? (await import('../../queue/job-data.js')).queueJobJsonSchema() : toJSONSchema(name, {strict: values.strict === true})
    await write(JSON.stringify(schema, null, values.compact ? undefined : 2) + '\n')
    return EXIT.ok
  }
}
