import type {PageFooterBlock} from '../../model/index.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'

/** Plain paragraphs; only called when the `furniture` option is on. */
export const pageFooter: Handler<PageFooterBlock> = (block) => textParagraphs(block.text)
