import {SCHEMA_NAMES, hasStrictSchema, toJSONSchema} from '../../model/json-schema.js'
import {type Command, EXIT} from '../command.js'
import {UsageError, oneOf} from '../io.js'

export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema (draft 2020-12) of a document or a job',
  help: `Usage: docmodel schema [${SCHEMA_NAMES.join('|')}] [--strict]

Prints the JSON Schema (draft 2020-12) of the lenient contract, or of the strict one.`,
  options: {strict: {type: 'boolean'}},
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError('schema takes at most one name')
    const name = oneOf('name', positionals[0] ?? 'document', SCHEMA_NAMES)!
    if (values.strict === true && !hasStrictSchema(name)) throw new UsageError(`--strict: the ${name} contract has no strict variant`)
    io.stdout.write(JSON.stringify(toJSONSchema(name, {strict: values.strict === true}), null, 2) + '\n')
    return EXIT.ok
  }
}
