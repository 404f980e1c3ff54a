import {OptionsError} from '../errors.js'
import {z} from 'zod'
import {lenientModel, strictModel} from './index.js'

/** The two documents a JSON Schema is offered for. */
export type SchemaName = 'document' | 'job'

export interface JsonSchemaOptions {
  /** Describe the strict contract (no unknown keys or block types) instead of the lenient one (default: `false`). */
  strict?: boolean
}

const titles: Record<SchemaName, string> = {document: 'docmodel Document', job: 'docmodel Job response'}

/** The `$id` of a schema file, e.g. `https://docmodel.dev/schemas/document.strict.schema.json`. */
export function schemaId(name: SchemaName, strict = false): string {
  return `https://docmodel.dev/schemas/${schemaFileName(name, strict)}`
}

/** `document.schema.json`, `job.strict.schema.json`, …. */
export function schemaFileName(name: SchemaName, strict = false): string {
  return `${name}${strict ? '.strict' : ''}.schema.json`
}

/**
 * The JSON Schema (draft 2020-12) of a document or a job response, generated from the zod
 * schemas, with a description on every field. Rules a schema cannot express (bbox corner order,
 * strict-mode warnings) are enforced by the parse functions only.
 *
 * @example
 * const schema = toJSONSchema('document')
 * new Ajv2020().compile(schema)
 */
export function toJSONSchema(name: SchemaName, options: JsonSchemaOptions = {}): Record<string, unknown> {
  if (name !== 'document' && name !== 'job') throw new OptionsError(`name: expected "document" or "job", got ${JSON.stringify(name)}`)
  const strict = options.strict ?? false
  const model = strict ? strictModel : lenientModel
  // io "input": defaulted fields stay optional; refinements are carried by `.meta` beside them.
  const generated = z.toJSONSchema(name === 'document' ? model.Document : model.Job, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    // "base64" is no JSON Schema format (validators warn or ignore it); `contentEncoding` and the
    // pattern zod also writes say the same in standard terms.
    override: ({jsonSchema}) => {
      if (jsonSchema.format === 'base64') delete jsonSchema.format
    }
  }) as Record<string, unknown>
  const {$schema, ...rest} = generated
  // `$id` and `title` on the root only: a meta id inside would add a root `$ref`.
  return {$schema, $id: schemaId(name, strict), title: titles[name] + (strict ? ' (strict)' : ''), ...rest}
}
