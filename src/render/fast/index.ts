import type {Options} from 'mdast-util-to-markdown'
import {emphasis, image, strong, table, text} from './phrasing.js'
import {root} from './root.js'

/**
 * docmodel's serializer handlers: the root writes the shapes docmodel builds directly (and hands
 * every other node to its stock handler); text and image alt text anywhere are escaped by
 * `escapeText`, which reads back literally in micromark, commonmark.js and markdown-it, where the
 * stock `safe` does not (line structure, GFM autolink literals); emphasis and strong that are a
 * whole paragraph are written as the direct writer writes them (their text escaped knowing the
 * `*` around it); a table by GFM's handler, its cells escaped in one context.
 */
export const fastHandlers: Options['handlers'] = {root, text, image, emphasis, strong, table}
