import type {Options} from 'mdast-util-to-markdown'
import {image} from './image.js'
import {paragraph} from './paragraph.js'
import {root} from './root.js'
import {table} from './table.js'
import {text} from './text.js'

/**
 * Handlers that give the stock serializer's bytes faster, for the trees docmodel builds: text
 * escaping that runs only the patterns that can match; the root's paragraphs and headings, and
 * paragraphs and table cells of one text node, without the phrasing machinery; the root and images
 * without position tracking. A differential property test compares every output with
 * the stock serializer's.
 */
export const fastHandlers: Options['handlers'] = {root, paragraph, table, text, image}
