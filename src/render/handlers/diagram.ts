import type {DiagramBlock} from '../../model/index.js'
import {withoutNul} from '../text.js'
import type {Handler} from '../types.js'
import {type ImageSource, imageNodes} from '../images.js'

/**
 * Mermaid label text, quoted: `"`, `#`, `%`, `:`, `<`, `>`, `|`, `&` and `` ` `` as mermaid entity
 * codes (`#35;`), whitespace runs as one space, U+0000 and lone surrogates as U+FFFD. So a label
 * cannot leave its quotes, start a directive or comment (`%%`), nor be read as HTML or a markdown
 * string.
 */
export function mermaidLabel(label: string): string {
  const escaped = withoutNul(label)
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[#"%:<>|&`]/g, (c) => `#${c.charCodeAt(0)};`)
  // mermaid refuses `""`; a space draws the same empty box.
  return escaped === '' ? '" "' : `"${escaped}"`
}

/**
 * A fenced `mermaid` flowchart: nodes become `n0, n1, …` (any id text is valid that way), labels
 * are quoted and escaped; an edge to a missing node gets a node labelled with that id. The
 * diagram's own image follows the image policy (no placeholder: the flowchart stands for it).
 */
export const diagram: Handler<DiagramBlock> = (block, context) => {
  const flowchart = mermaidFlowchart(block)
  const fence = flowchart === undefined ? [] : [{type: 'code' as const, lang: 'mermaid', meta: null, value: flowchart}]
  return [...fence, ...imageNodes(block, diagramImage(block), context)]
}

/** The diagram's image source. */
export const diagramImage = (block: DiagramBlock): ImageSource => ({url: block.image_url, base64: block.image_b64, alt: 'Diagram'})

/** The mermaid flowchart of the diagram (the direct writer's too), or undefined when it has no node. */
export function mermaidFlowchart(block: DiagramBlock): string | undefined {
  const ids = new Map<string, string>()
  const lines = ['flowchart TD']
  let count = 0
  const declare = (id: string, label: string | undefined) => {
    const key = `n${count++}`
    if (!ids.has(id)) ids.set(id, key)
    lines.push(`  ${key}[${mermaidLabel(label ?? id)}]`)
  }
  // Every node is drawn, a duplicated id included (edges go to the first); edges to missing ids get a node.
  for (const node of block.nodes) declare(node.id, node.label)
  for (const edge of block.edges) {
    for (const end of [edge.from, edge.to]) if (!ids.has(end)) declare(end, undefined)
    const label = edge.label === undefined || edge.label.trim() === '' ? '' : `|${mermaidLabel(edge.label)}|`
    lines.push(`  ${ids.get(edge.from)} -->${label} ${ids.get(edge.to)}`)
  }
  return count === 0 ? undefined : lines.join('\n')
}
