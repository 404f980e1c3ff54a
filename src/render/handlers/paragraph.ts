import type {ParagraphBlock} from '../../model/index.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'

/** One paragraph per blank-line-separated part of the text. */
export const paragraph: Handler<ParagraphBlock> = (block) => textParagraphs(block.text)
