import type {FilterCriteria} from '../../select/filter.js'
import {sortByReadingOrder} from '../../select/order.js'
import {list, oneOf, pagesFlag, text} from '../args.js'
import {
  type Command,
  EXIT,
  compactHelp,
  compactOptions,
  inputHelp,
  inputOptions,
  inputSettings,
  outputHelp,
  outputOptions
} from '../command.js'
import {UsageError} from '../errors.js'
import {parseNamedInput} from '../input.js'
import {orderingHelp, orderingOf, orderingOptions} from '../ordering.js'
import {jsonTextPieces, nextTurn, outputStream, readInput, say, writeBatched} from '../io.js'
import {blockTypes, defined, missingPages, nothingKept, select, selectionHelp, selectionOf, selectionOptions} from '../selection.js'

export const filterCommand: Command = {
  name: 'filter',
  summary: 'keep the blocks that match; print the document as JSON',
  help: `Usage: docmodel filter [file|-] [criteria] [-o out.json]

Prints the document (or the job, with its document filtered and its markdown rendered again
from what is kept) keeping only the blocks that match every criterion given.

Criteria:
${selectionHelp}
      --types <list>           e.g. heading,paragraph,table
      --exclude-types <list>   e.g. page_header,page_footer
      --roles <list>           e.g. title,section
      --pages <pages>          1,3,5, 2-5 or 1,3-5 (open ends: 3-, -2)
      --verified <bool>        true | false
Options (--order also sorts each page's blocks, else they keep their order; geometry renumbers
reading_order_index to match):
${orderingHelp}
${outputHelp}
${compactHelp}
${inputHelp}

Examples:
  docmodel filter --preset trusted --pages 2-5 result.json -o trusted.json
  docmodel filter --types heading --roles section,subsection --order geometry result.json`,
  options: {
    ...selectionOptions,
    types: {type: 'string'},
    'exclude-types': {type: 'string'},
    roles: {type: 'string'},
    pages: {type: 'string'},
    verified: {type: 'string'},
    ...orderingOptions,
    ...outputOptions,
    ...compactOptions,
    ...inputOptions
  },
  async run(values, positionals, io) {
    if (positionals.length > 1) throw new UsageError(`filter takes one file, got ${positionals.length}`)
    const verified = oneOf('--verified', text(values, 'verified'), ['true', 'false'] as const)
    const {order, direction} = orderingOf(values)
    const pages = pagesFlag(text(values, 'pages'))
    const criteria = selectionOf(
      values,
      defined({
        types: blockTypes('types', values),
        excludeTypes: blockTypes('exclude-types', values),
        roles: list(text(values, 'roles')),
        pages,
        verified: verified === undefined ? undefined : verified === 'true'
      })
    )
    const {mode, kind, maxBytes} = inputSettings(values)
    const input = await readInput(positionals[0], io, maxBytes)
    // Streamed: the JSON is written a page at a time, never one string of the whole document.
    const output = await outputStream(text(values, 'output'), [input], io)
    try {
      const parsed = await parseNamedInput(input, mode, kind)
      await nextTurn() // read whole, in one go: a signal is acted on before the selection
      let kept: {before: number; after: number} = {before: 0, after: 0}
      const selectFrom = (document: NonNullable<typeof parsed.document>) => {
        const selected = select(document, criteria)
        kept = selected
        return order ? sortByReadingOrder(selected.document, {by: order, direction}) : selected.document
      }
      let result: object
      if (parsed.kind === 'job') {
        const document = parsed.document && selectFrom(parsed.document)
        // The job's markdown describes its document: it must not keep blocks that were removed.
        // The renderer is loaded only then: filtering a document never needs it.
        const markdown =
          typeof parsed.job.markdown === 'string' && document
            ? {markdown: (await import('../../render/render.js')).renderMarkdown(document)}
            : {}
        result = {...parsed.job, document, ...markdown}
      } else result = selectFrom(parsed.document)
      const missing = parsed.document && missingPages(parsed.document, pages)
      if (missing) say(io.stderr, `${missing}\n`)
      else if (criteria && kept.before > 0 && kept.after === 0) say(io.stderr, `${nothingKept(kept.before)}\n`)
      await writeBatched(output.stream, jsonTextPieces(result, values.compact === true))
      await output.close()
    } catch (error) {
      await output.abort()
      throw output.failure(error)
    }
    return EXIT.ok
  }
}
