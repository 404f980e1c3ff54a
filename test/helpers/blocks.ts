import type {Block, BlockOfType, BlockType} from '../../src/index.js'

let counter = 0

/** A block with plausible common fields and the given content. */
export function makeBlock<T extends BlockType>(
  type: T,
  content: Omit<BlockOfType<T>, keyof Common | 'type'> & Partial<Common>
): BlockOfType<T> {
  counter++
  return {
    id: `b${counter}`,
    page: 1,
    bbox: [0.1, 0.1 + counter * 1e-6, 0.9, 0.2],
    bbox_units: 'normalized',
    reading_order_index: counter,
    text_source:
      type === 'table' || type === 'image' || type === 'diagram' || type === 'chart' || type === 'formula' ? 'derived' : 'verified',
    confidence: 1,
    verified: !(type === 'table' || type === 'image' || type === 'diagram' || type === 'chart' || type === 'formula'),
    type,
    ...content
  } as BlockOfType<T>
}

type Common = Omit<Block, 'type'>

export const PNG_1x1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=='
