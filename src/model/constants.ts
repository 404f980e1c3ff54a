// The model's names (block types, job statuses) without zod: modules that only need them (the
// renderer, the selection, the checks, the CLI's plan validator) load none of the schemas.

/** The block types this version knows; any other string is an unknown (future) type. */
export const TEXT_BLOCK_TYPES = [
  'heading',
  'paragraph',
  'list',
  'caption',
  'footnote',
  'page_header',
  'page_footer',
  'callout',
  'code'
] as const
export const BLOCK_TYPES = [...TEXT_BLOCK_TYPES, 'table', 'image', 'diagram', 'chart', 'formula'] as const
export type BlockType = (typeof BLOCK_TYPES)[number]
export type TextBlockType = (typeof TEXT_BLOCK_TYPES)[number]

const knownTypes: ReadonlySet<string> = new Set(BLOCK_TYPES)
/** Whether `type` is one of the 14 known block types. */
export function isKnownBlockType(type: string): type is BlockType {
  return knownTypes.has(type)
}

/**
 * Narrows a block to the known block types (an unknown, future type returns false); typed without
 * the model's types, which come from the schemas (src/model/index.ts exports it typed with them).
 */
export function isKnownBlock<B extends {type: string}>(block: B): block is Extract<B, {type: BlockType}> {
  return isKnownBlockType(block.type)
}

export const JOB_STATUSES = ['queued', 'processing', 'completed', 'failed', 'cancelled'] as const
export type JobStatus = (typeof JOB_STATUSES)[number]

/** Statuses after which a job never changes again. */
export const TERMINAL_STATUSES: readonly (typeof JOB_STATUSES)[number][] = ['completed', 'failed', 'cancelled']
