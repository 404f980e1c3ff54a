import type {Handlers} from '../types.js'
import {callout} from './callout.js'
import {caption} from './caption.js'
import {chart} from './chart.js'
import {code} from './code.js'
import {diagram} from './diagram.js'
import {footnote} from './footnote.js'
import {formula} from './formula.js'
import {heading} from './heading.js'
import {image} from './image.js'
import {list} from './list.js'
import {pageFooter} from './page-footer.js'
import {pageHeader} from './page-header.js'
import {paragraph} from './paragraph.js'
import {table} from './table.js'
import {unknown} from './unknown.js'

/**
 * The default handler of every block type (frozen; a missing one fails to compile). Pass
 * replacements for some types as the `handlers` option; this map never changes.
 *
 * @example
 * const markdown = renderMarkdown(doc, {handlers: {caption: (block, context) => [...defaultHandlers.caption(block, context), {type: 'thematicBreak'}]}})
 */
export const defaultHandlers: Readonly<Handlers> = Object.freeze({
  heading,
  paragraph,
  list,
  caption,
  footnote,
  page_header: pageHeader,
  page_footer: pageFooter,
  callout,
  code,
  table,
  image,
  diagram,
  chart,
  formula,
  unknown
} satisfies Handlers)
