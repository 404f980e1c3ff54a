import type {FootnoteBlock} from '../../model/index.js'
import {textParagraphs} from '../text.js'
import type {Handler} from '../types.js'

/** Plain paragraphs, where the footnote stands in reading order. */
export const footnote: Handler<FootnoteBlock> = (block) => textParagraphs(block.text)
