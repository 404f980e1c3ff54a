// `npm run fuzz`: the render properties of test/render/{readers,spec-examples,mermaid,one-path}.test.ts
// with 100,000 cases each (FUZZ_RUNS to change it), for use before a release; not run in CI.
import fc from 'fast-check'
import {blockArb, documentArb, textArb} from '../test/helpers/arbitraries.js'
import {htmlishArb, lineStructureArb} from '../test/helpers/readers.js'
import {
  HTML_KINDS,
  PROSE_KINDS,
  checkMermaid,
  hostileLatexArb,
  literalProblems,
  liveHtmlProblems,
  mermaidLabelArb,
  onePathProblems,
  specExamples
} from '../test/helpers/render-checks.js'

const runs = Number(process.env.FUZZ_RUNS ?? 100_000)
const started = performance.now()
let total = 0

function fail(name: string, problems: string[], input: unknown): never {
  console.error(`${name}: ${problems.join('; ')}\ninput: ${JSON.stringify(input)}`)
  process.exit(1)
}

async function property<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (value: T) => string[] | Promise<string[]>): Promise<void> {
  const t0 = performance.now()
  await fc.assert(
    fc.asyncProperty(arbitrary, async (value) => {
      const problems = await check(value)
      if (problems.length > 0) throw new Error(problems.join('; '))
    }),
    {numRuns: runs}
  )
  total += runs
  console.log(`${name}: ${runs.toLocaleString('en')} cases, ${((performance.now() - t0) / 1000).toFixed(0)} s`)
}

const kindArb = fc.constantFrom(...PROSE_KINDS)
await property('literal in micromark and commonmark.js', fc.tuple(kindArb, fc.oneof(lineStructureArb, textArb)), ([kind, text]) =>
  literalProblems(kind, text)
)
await property(
  'no live HTML in markdown-it, rehype-raw, commonmark.js',
  fc.constantFrom(...HTML_KINDS).chain((kind) => fc.tuple(fc.constant(kind), kind === 'formula' ? fc.oneof(htmlishArb, hostileLatexArb) : htmlishArb)),
  ([kind, text]) => liveHtmlProblems(kind, text)
)
await property(
  'mermaid reads every flowchart with its labels',
  fc.tuple(
    fc.array(fc.record({id: mermaidLabelArb, label: fc.option(mermaidLabelArb, {nil: undefined})}), {maxLength: 4}),
    fc.array(fc.record({from: mermaidLabelArb, to: mermaidLabelArb, label: fc.option(mermaidLabelArb, {nil: undefined})}), {maxLength: 4})
  ),
  ([nodes, edges]) => checkMermaid(nodes, edges)
)
await property(
  'one render path',
  fc.tuple(fc.oneof(documentArb, blockArb(1).map((block) => [block])), fc.constantFrom('none', 'rule', 'comment' as const), fc.boolean()),
  ([input, pageBreaks, furniture]) => onePathProblems(input, {pageBreaks, furniture})
)
let spec = 0
for (const {markdown, number} of specExamples)
  for (const kind of PROSE_KINDS) {
    const problems = literalProblems(kind, markdown)
    if (problems.length > 0) fail(`spec example #${number} as ${kind}`, problems, markdown)
    spec++
  }
total += spec
console.log(`CommonMark spec examples in every prose field: ${spec.toLocaleString('en')} cases`)
console.log(`fuzz: ${total.toLocaleString('en')} cases, ${((performance.now() - started) / 1000).toFixed(0)} s, no failure`)
