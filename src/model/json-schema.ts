import {OptionsError} from '../errors.js'
import {z} from 'zod'
import {lenientModel, strictModel} from './index.js'
import {ChunkLine} from './chunk.js'
import {SourceMap} from './source-map.js'

/** A contract offered as JSON Schema files: its root zod schema in each parse mode, named with `named()`. */
interface Contract {
  lenient: z.ZodType
  /** The strict variant; a contract without one has a single, lenient file. */
  strict?: z.ZodType
}

/**
 * Every contract with a schema file. Adding one is one entry here: `npm run schemas` writes its
 * files, the tests check them, and `toJSONSchema` and `docmodel schema` accept its name. Name its
 * objects with `named()` (src/model/shared.ts) so they land in `$defs` with a title.
 */
export const CONTRACTS = {
  document: {lenient: lenientModel.Document, strict: strictModel.Document},
  job: {lenient: lenientModel.Job, strict: strictModel.Job},
  'source-map': {lenient: SourceMap},
  chunk: {lenient: ChunkLine}
} satisfies Record<SchemaName, Contract>

/** The contracts a JSON Schema is offered for. */
export type SchemaName = 'document' | 'job' | 'source-map' | 'chunk'

/** The names of the contracts with a JSON Schema, in file order. */
export const SCHEMA_NAMES = Object.keys(CONTRACTS) as SchemaName[]

export interface JsonSchemaOptions {
  /** Describe the strict contract (no unknown keys or block types) instead of the lenient one (default: `false`). */
  strict?: boolean
}

/** Whether a contract has a strict variant (and so a `.strict.schema.json` file). */
export function hasStrictSchema(name: SchemaName): boolean {
  return (CONTRACTS[name] as Contract).strict !== undefined
}

/** The `$id` of a schema file, e.g. `https://docmodel.dev/schemas/document.strict.schema.json`. */
export function schemaId(name: SchemaName, strict = false): string {
  return `https://docmodel.dev/schemas/${schemaFileName(name, strict)}`
}

/** `document.schema.json`, `job.strict.schema.json`, …. */
export function schemaFileName(name: SchemaName, strict = false): string {
  return `${name}${strict ? '.strict' : ''}.schema.json`
}

type Schema = Record<string, unknown>

/**
 * The JSON Schema (draft 2020-12) of a document or a job response, generated from the zod
 * schemas: every object of the contract is a named definition in `$defs` (`Document`, `Page`,
 * `HeadingBlock`, …, `Block` as a `oneOf` of them) with a `title` and a description, and every
 * field has a description. Rules a schema cannot express (bbox corner order, strict-mode
 * warnings) are enforced by the parse functions only.
 *
 * @example
 * const schema = toJSONSchema('document')
 * new Ajv2020().compile(schema)
 */
export function toJSONSchema(name: SchemaName, options: JsonSchemaOptions = {}): Record<string, unknown> {
  if (!Object.hasOwn(CONTRACTS, name))
    throw new OptionsError(`name: expected ${SCHEMA_NAMES.map((n) => JSON.stringify(n)).join(' or ')}, got ${JSON.stringify(name)}`)
  const contract: Contract = CONTRACTS[name]
  const strict = options.strict ?? false
  if (strict && contract.strict === undefined) throw new OptionsError(`strict: the ${name} contract has no strict variant`)
  // io "input": defaulted fields stay optional; refinements are carried by `.meta` beside them.
  const generated = z.toJSONSchema(strict ? contract.strict! : contract.lenient, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    // "base64" is no JSON Schema format (validators warn or ignore it); `contentEncoding` and the
    // pattern zod also writes say the same in standard terms.
    override: ({jsonSchema}) => {
      if (jsonSchema.format === 'base64') delete jsonSchema.format
      describeTupleItems(jsonSchema as Schema)
    }
  }) as Schema
  const {$schema, $defs, ...root} = generated
  const defs = ($defs ?? {}) as Record<string, Schema>
  if (defs.Block) defs.Block = flatBlockUnion(defs.Block)
  // The root is a `$ref` to its named definition (no title of its own, which generators would
  // take for the root type's name), so `#/$defs/` lists every type of the contract.
  return {$schema, $id: schemaId(name, strict), ...root, $defs: defs}
}

/**
 * A tuple (`[x0, y0, x1, y1]`) is `prefixItems` + `items: false` + `maxItems`. Generators that
 * predate 2020-12 (json-schema-to-typescript) ignore `prefixItems` and read `items: false` as
 * `never[]`; since `maxItems` already forbids more members, an `items` stating the members' common
 * type changes nothing for validators and gives those generators the element type.
 */
function describeTupleItems(schema: Schema): void {
  const members = schema.prefixItems as Schema[] | undefined
  if (!Array.isArray(members) || schema.items !== false || schema.maxItems !== members.length) return
  const types = new Set(members.map((member) => member.type))
  const [type] = types
  if (types.size === 1 && typeof type === 'string') schema.items = {type}
}

/**
 * The lenient `Block` is zod's `KnownBlock | UnknownBlock` (an `anyOf` around the known blocks'
 * `oneOf`). The two never overlap (an unknown block's `type` is `not` a known one), so one flat
 * `oneOf` of `$ref`s says the same, and reads to code generators as one union discriminated by `type`.
 */
function flatBlockUnion(block: Schema): Schema {
  const anyOf = block.anyOf as Schema[] | undefined
  if (!anyOf) return block
  const {anyOf: _, ...rest} = block
  return {
    oneOf: anyOf.flatMap((member) => (Array.isArray(member.oneOf) && Object.keys(member).length === 1 ? member.oneOf : [member])),
    ...rest
  }
}
