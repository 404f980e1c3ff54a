// mermaid 11 (the last line that runs on Node 20) parses in Node once DOMPurify, which it
// sanitises labels with, has a window: linkedom's. No browser is needed to parse.
import {parseHTML} from 'linkedom'

const {window} = parseHTML('<!doctype html><html><body></body></html>')
Object.assign(globalThis, {window, document: window.document})
const {default: mermaid} = await import('mermaid')

export interface ParsedFlowchart {
  /** Configuration the text applied (directives, front matter): must stay empty. */
  config: unknown
  /** Node labels by id, in declaration order, entity codes decoded. */
  nodes: Array<{id: string; label: string}>
  /** Edge labels, in order. */
  edges: Array<{from: string; to: string; label: string}>
}

// mermaid keeps `#35;` as `ﬂ°°35¶ß` (and `#name;` as `ﬂ°name¶ß`) until it draws.
const decode = (text: string) => text.replace(/ﬂ°°(\d+)¶ß/g, (_, code: string) => String.fromCharCode(Number(code)))

/** Parses flowchart text with mermaid's own parser; throws what mermaid throws. */
export async function parseFlowchart(text: string): Promise<ParsedFlowchart> {
  const {config} = (await mermaid.parse(text)) as {config: unknown}
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text)
  const db = diagram.db as unknown as {
    getVertices(): Map<string, {id: string; text: string}>
    getEdges(): Array<{start: string; end: string; text: string}>
  }
  return {
    config,
    nodes: [...db.getVertices().values()].map(({id, text}) => ({id, label: decode(text)})),
    edges: db.getEdges().map(({start, end, text}) => ({from: start, to: end, label: decode(text)}))
  }
}
