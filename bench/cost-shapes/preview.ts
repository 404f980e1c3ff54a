// Hostile shapes for the layout preview.
import {renderPreviewHtml} from '../../src/index.js'
import type {Document} from '../../src/index.js'
import {block, documentOf} from '../hostile-documents.js'
import type {CostShape} from './types.js'

export const shapes: CostShape[] = [
  {
    // An extractor that puts blocks it cannot place at one spot: every order number after the
    // first 64 or so finds no free spot (each badge was recorded in one cell, checked by every later one).
    name: '1,000·n blocks piled on one spot of one page',
    entry: 'renderPreviewHtml',
    make: (n) => documentOf(Array.from({length: 1000 * n}, (_, i) => block(i, {bbox: [0.5, 0.5, 0.51, 0.51]}))),
    run: (input) => renderPreviewHtml(input as Document)
  }
]
