import {setFlagsFromString} from 'node:v8'

/** How much V8 lets the old generation grow past what a full collection left, in percent. */
export const HEAP_GROWING_PERCENT = 25

/**
 * Caps the old generation's growth for the rest of the process (this CLI's process alone: the
 * library never calls it). By default V8 lets the old generation grow up to 4× what the last
 * full collection kept before collecting again; a command whose live heap is small but which
 * promotes much short-lived data (chunking: each page's blocks, markdown and token counts outlive
 * a few young collections) then peaks at several times its live heap. Capped, the peak of
 * `chunk` on the 46 MB bench document fell from ~380 MB to ~230–260 MB with no more CPU time
 * measured (full collections of a small heap are cheap): see bench/commands-memory.ts. `preview`
 * too (each page's drawing): on 80,000 one-block pages ~270 -> ~190 MB for ~10% more CPU time.
 */
export function boundHeapGrowth(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)
}
