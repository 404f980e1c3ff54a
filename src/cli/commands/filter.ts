import type {BlockType, TextSource} from '../../model/index.js'
import {type FilterCriteria, type PresetName, filterBlocks, presetCriteria} from '../../select/filter.js'
import {sortByReadingOrder} from '../../select/order.js'
import {type Command, EXIT} from '../command.js'
import {UsageError, list, oneOf, parseInput, readInput, unitNumber, writeOutput} from '../io.js'

/** `1,3,5` or `2-4` (either end may be left open: `3-`, `-2`). */
function pagesOf(value: string | undefined): FilterCriteria['pages'] {
  if (value === undefined) return undefined
  const range = /^(\d*)-(\d*)$/.exec(value.trim())
  if (range) return {...(range[1] ? {from: Number(range[1])} : {}), ...(range[2] ? {to: Number(range[2])} : {})}
  const pages = list(value)!.map(Number)
  if (pages.length === 0 || pages.some((page) => !Number.isInteger(page)))
    throw new UsageError(`--pages: expected a list like 1,3 or a range like 2-5, got ${JSON.stringify(value)}`)
  return pages
}

export const filterCommand: Command = {
  name: 'filter',
  summary: 'keep the blocks that match; print the document as JSON',
  help: `Usage: docmodel filter [file|-] [criteria] [-o out.json]

Prints the document (or the job, with its document filtered) keeping only the blocks that
match every criterion given.

Criteria:
      --preset <name>          trusted | textOnly | verifiedOnly (other criteria narrow it)
      --text-source <list>     verified,inferred,derived
      --min-confidence <n>     confidence ≥ n (0–1)
      --types <list>           e.g. heading,paragraph,table
      --exclude-types <list>   e.g. page_header,page_footer
      --roles <list>           e.g. title,section
      --pages <pages>          1,3,5 or 2-5
      --verified <bool>        true | false
Options:
      --order <by>             also sort: index | geometry
  -o, --output <file>          write the JSON to a file
      --strict                 parse strictly`,
  options: {
    preset: {type: 'string'},
    'text-source': {type: 'string'},
    'min-confidence': {type: 'string'},
    types: {type: 'string'},
    'exclude-types': {type: 'string'},
    roles: {type: 'string'},
    pages: {type: 'string'},
    verified: {type: 'string'},
    order: {type: 'string'},
    output: {type: 'string', short: 'o'},
    strict: {type: 'boolean'}
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError('filter takes at most one file')
    const verified = oneOf('verified', values.verified as string | undefined, ['true', 'false'] as const)
    const order = oneOf('order', values.order as string | undefined, ['index', 'geometry'] as const)
    const criteria: FilterCriteria = {
      ...(values.preset === undefined ? {} : presetCriteria(values.preset as PresetName)),
      ...defined({
        textSource: list(values['text-source'] as string | undefined) as TextSource[] | undefined,
        minConfidence: unitNumber('min-confidence', values['min-confidence'] as string | undefined),
        types: list(values.types as string | undefined) as BlockType[] | undefined,
        excludeTypes: list(values['exclude-types'] as string | undefined) as BlockType[] | undefined,
        roles: list(values.roles as string | undefined),
        pages: pagesOf(values.pages as string | undefined),
        verified: verified === undefined ? undefined : verified === 'true'
      })
    }
    const {bytes} = await readInput(positionals[0], io)
    const parsed = parseInput(bytes, values.strict ? 'strict' : 'lenient')
    const select = (doc: NonNullable<typeof parsed.document>) => {
      const filtered = filterBlocks(doc, criteria)
      return order ? sortByReadingOrder(filtered, {by: order}) : filtered
    }
    const result = parsed.kind === 'job' ? {...parsed.job, document: parsed.document && select(parsed.document)} : select(parsed.document)
    await writeOutput(JSON.stringify(result, null, 2) + '\n', values.output as string | undefined, io)
    return EXIT.ok
  }
}

function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>
}
