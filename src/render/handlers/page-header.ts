import type {PageHeaderBlock} from '../../model/index.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'

/** Plain paragraphs; only called when the `furniture` option is on. */
export const pageHeader: Handler<PageHeaderBlock> = (block) => textParagraphs(block.text)
