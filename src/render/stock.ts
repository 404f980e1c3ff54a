// The mdast serializer (mdast-util-to-markdown, unified, the GFM and math extensions: some 60
// modules and 10 MB of memory) made lazily, for the CLI: the direct writer leaves it only the
// nodes it does not write itself (custom handlers' output, a few rare shapes), which most
// documents never have, so most renders never load it.
import {createRequire} from 'node:module'
import type {StockWriter} from './pieces.js'

/**
 * The stock writer, its modules loaded on the first node that needs them: `require` loads an ES
 * module synchronously (Node ≥ 20.19), as rendering is. Where it cannot (an older Node, or these
 * sources run through a loader such as tsx or vitest), the modules are imported now.
 */
export async function lazyStockWriter(): Promise<StockWriter> {
  const url = import.meta.url
  if ((process.features as {require_module?: boolean}).require_module === true && url.startsWith('file:') && url.endsWith('.js')) {
    const require = createRequire(url)
    return () => (require('./stringify.js') as typeof import('./stringify.js')).createNodeMarkdownWriter()
  }
  return (await import('./stringify.js')).createNodeMarkdownWriter
}
