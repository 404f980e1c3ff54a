// A plan (src/parse/plan.ts) compiled to TypeScript source: the verdicts of `validatorsOf`, as
// straight-line code that a fresh process runs fast from its first call (monomorphic property
// reads and direct calls instead of a tree of closures), and without `new Function` (the library
// runs under a CSP). Objects, arrays and discriminated unions are functions; every other node is
// an expression inlined where it is used (types, bounds, enums, bbox tuples, optional, nullable).
// Used by scripts/plan-module.ts; test/parse/plan.test.ts holds its output to zod.
import type {Plan, PlanCheck, PlanLiteral, PlanNode} from '../src/parse/plan.js'

export interface CompileOptions {
  /** The exported validators: name → root node. */
  roots: Record<string, number>
  /** The name of the exported object that holds them. */
  exportName: string
  /** Module specifiers of src/model/formats.ts and src/model/rules.ts, as the output imports them. */
  imports: {formats: string; rules: string}
}

/** Stands for the value an expression tests; JSON.stringify never writes it, so no literal holds it. */
const VALUE = '\u0000'

const identifier = /^[A-Za-z_$][\w$]*$/
const propertyOf = (object: string, key: string) => (identifier.test(key) ? `${object}.${key}` : `${object}[${JSON.stringify(key)}]`)
const notRecord = (v: string) => `typeof ${v} !== 'object' || ${v} === null || Array.isArray(${v})`
/** A literal as code: plain words in single quotes, anything else as JSON writes it. */
const literal = (value: PlanLiteral) => (typeof value === 'string' && /^[\w .:/-]*$/.test(value) ? `'${value}'` : JSON.stringify(value))
const isCall = (expression: string) => /^[\w.]+\((?:[^()]|\([^()]*\))*\)$/.test(expression)
/** The expression, in parentheses when it has operators of its own. */
const group = (expression: string) => (/\|\||&&/.test(expression) && !isCall(expression) ? `(${expression})` : expression)
/** The negation of an expression, as a statement's condition. */
const not = (expression: string) => {
  const comparison = /^([^|&=!()]+) === ([^|&=!]+)$/.exec(expression)
  return comparison ? `${comparison[1]} !== ${comparison[2]}` : isCall(expression) ? `!${expression}` : `!(${expression})`
}

/**
 * The module's text: its imports, the regular expressions and key sets as constants, the exported
 * validators (`exportName`: an object of `roots`' validators) and one function per object, array
 * and discriminated union. Throws on a `zod` node or check (a plan for the CLI has none).
 */
export function compiledPlan(plan: Plan, {roots, exportName, imports}: CompileOptions): string {
  const constants: string[] = []
  const constantNames = new Map<string, string>()
  /** A module-level constant (a regular expression, a set), made once per distinct text. */
  const constant = (prefix: string, text: string) => {
    let name = constantNames.get(text)
    if (name === undefined) {
      name = `${prefix}${constantNames.size}`
      constantNames.set(text, name)
      constants.push(`const ${name} = ${text}`)
    }
    return name
  }
  /** What the module imports: `isUrl`, `isBase64`, `rules`. */
  const used = new Set<string>()
  const functions = new Map<number, string>()

  const checkOf = (check: PlanCheck, v: string): string => {
    switch (check.check) {
      case 'greater_than':
        return `${v} ${check.inclusive ? '>=' : '>'} ${check.value}`
      case 'less_than':
        return `${v} ${check.inclusive ? '<=' : '<'} ${check.value}`
      case 'min_length':
        return `${v}.length >= ${check.minimum}`
      case 'safeint':
        return `Number.isSafeInteger(${v})`
      case 'pattern': {
        const pattern = constant('pattern', `/${check.source}/${check.flags}`)
        // A global or sticky expression starts where it stopped: zod resets it first.
        return /[gy]/.test(check.flags) ? `(${pattern}.lastIndex = 0, ${pattern}.test(${v}))` : `${pattern}.test(${v})`
      }
      case 'url':
      case 'base64': {
        const name = check.check === 'url' ? 'isUrl' : 'isBase64'
        used.add(name)
        return `${name}(${v})`
      }
      case 'rule':
        used.add('rules')
        return `rules.${check.rule}(${v})`
      case 'zod':
        throw new Error('a check only zod can judge cannot be compiled')
    }
  }
  const checksOf = (node: PlanNode, v: string) => (node.checks ?? []).map((check) => checkOf(check, v))

  const oneOf = (values: PlanLiteral[], v: string) =>
    values.length <= 6
      ? values.map((value) => `${v} === ${literal(value)}`).join(' || ') || 'false'
      : `${constant('values', `new Set<unknown>(${JSON.stringify(values)})`)}.has(${v})`

  /** A boolean expression: whether `v` (read as often as needed) is valid for node `index`. */
  const test = (index: number, v: string): string => {
    const node = plan.nodes[index]!
    const structure = ((): string => {
      switch (node.type) {
        case 'string':
        case 'boolean':
          return `typeof ${v} === '${node.type}'`
        case 'number':
          return `Number.isFinite(${v})`
        case 'null':
          return `${v} === null`
        case 'unknown':
          return 'true'
        case 'never':
          return 'false'
        case 'enum':
        case 'literal':
          return oneOf(node.values, v)
        case 'optional':
        case 'nullable':
          return `${v} === ${node.type === 'optional' ? 'undefined' : 'null'} || ${orOf(node.inner, v)}`
        case 'tuple': {
          const {items, required} = node
          const size = items.length
          const length = required === size ? `${v}.length === ${size}` : `${v}.length >= ${required} && ${v}.length <= ${size}`
          return [`Array.isArray(${v})`, length, ...items.map((item, i) => grouped(item, `${v}[${i}]`))].join(' && ')
        }
        case 'union':
          if (hasFunction(node)) return `${functionOf(index)}(${v})`
          return node.options.map((option) => orOf(option, v)).filter((option) => option !== 'false').join(' || ') || 'false'
        case 'object':
        case 'array':
          return `${functionOf(index)}(${v})`
        case 'zod':
          throw new Error('a node only zod can judge cannot be compiled')
      }
    })()
    // A function runs its node's checks itself.
    if (hasFunction(node)) return structure
    const checks = checksOf(node, v)
    return checks.length === 0 ? structure : [group(structure), ...checks].join(' && ')
  }
  const grouped = (index: number, v: string) => group(test(index, v))
  /** The expression as an operand of `||`: in parentheses unless it is an alternative itself. */
  const orOf = (index: number, v: string) => {
    const node = plan.nodes[index]!
    const alternatives = ['optional', 'nullable', 'enum', 'literal'].includes(node.type) || (node.type === 'union' && !hasFunction(node))
    return alternatives && !node.checks?.length ? test(index, v) : grouped(index, v)
  }
  const hasFunction = (node: PlanNode) =>
    node.type === 'object' || node.type === 'array' || (node.type === 'union' && node.discriminator !== undefined && byKey(node.options, node.discriminator) !== undefined)

  /** Each literal of the discriminator key → its option, when every option is an object with a literal key (as `validatorsOf` decides). */
  function byKey(options: number[], key: string): Array<[PlanLiteral, number]> | undefined {
    const cases: Array<[PlanLiteral, number]> = []
    for (const option of options) {
      const node = plan.nodes[option]!
      const field = node.type === 'object' ? node.fields.find(([name]) => name === key) : undefined
      const keyNode = field && plan.nodes[field[1]]!
      if (!keyNode || keyNode.type !== 'literal' || keyNode.checks?.length) return undefined
      for (const value of keyNode.values) {
        if (cases.some(([known]) => known === value)) return undefined
        cases.push([value, option])
      }
    }
    return cases
  }

  /** Statements that return false unless `v[key]` is valid for each field; a value its test reads twice is bound to `x` (each key read once). */
  function fieldChecks(fields: Array<[string, number]>, indent: string): string[] {
    const lines: string[] = []
    for (const [key, field] of fields) {
      const expression = test(field, VALUE)
      if (expression === 'true') continue
      if (expression.split(VALUE).length > 2) lines.push(`${indent}x = ${propertyOf('v', key)}`, `${indent}if (${not(expression.replaceAll(VALUE, 'x'))}) return false`)
      else lines.push(`${indent}if (${not(expression.replaceAll(VALUE, propertyOf('v', key)))}) return false`)
    }
    return lines
  }

  /** An object's fields (those not in `skip`), its other keys, then its checks and `extra`: statements ending in a return. */
  function objectChecks(node: PlanNode & {type: 'object'}, skip: Set<string>, extra: string[], indent: string): string[] {
    const lines = fieldChecks(node.fields.filter(([key]) => !skip.has(key)), indent)
    if (node.rest !== 'keep') {
      const keys = constant('keys', `new Set(${JSON.stringify(node.fields.map(([key]) => key))})`)
      const other = node.rest === 'refuse' ? '' : ` && ${not(test(node.rest, 'v[key]'))}`
      lines.push(`${indent}for (const key of Object.keys(v)) if (!${keys}.has(key)${other}) return false`)
    }
    lines.push(`${indent}return ${[...checksOf(node, 'v'), ...extra].join(' && ') || 'true'}`)
    return lines
  }

  /** The name of the node's function, written once (a recursive plan meets the name before the body). */
  function functionOf(index: number): string {
    const node = plan.nodes[index]!
    const name = `${node.type}${index}`
    if (functions.has(index)) return name
    functions.set(index, '')
    const body: string[] = []
    if (node.type === 'array') {
      body.push('  if (!Array.isArray(v)) return false')
      const element = test(node.element, VALUE)
      if (element.split(VALUE).length > 2) body.push('  for (let i = 0; i < v.length; i++) {', '    const x = v[i]', `    if (${not(element.replaceAll(VALUE, 'x'))}) return false`, '  }')
      else if (element !== 'true') body.push(`  for (let i = 0; i < v.length; i++) if (${not(element.replaceAll(VALUE, 'v[i]'))}) return false`)
      body.push(`  return ${checksOf(node, 'v').join(' && ') || 'true'}`)
    } else if (node.type === 'object') {
      body.push(`  if (${notRecord('v')}) return false`, ...objectChecks(node, new Set(), [], '  '))
    } else if (node.type === 'union') {
      // The option the key names, alone (as zod's discriminated union). The fields every option
      // shares are checked once, before the switch: one hot path for all options from the first call.
      const key = node.discriminator!
      const cases = new Map<number, PlanLiteral[]>()
      for (const [value, option] of byKey(node.options, key)!) cases.set(option, [...(cases.get(option) ?? []), value])
      const options = [...cases.keys()].map((option) => plan.nodes[option] as PlanNode & {type: 'object'})
      const shared = options[0]!.fields.filter(([name, field]) => name !== key && options.every((option) => option.fields.some(([other, node]) => other === name && node === field)))
      body.push(`  if (${notRecord('v')}) return false`, ...fieldChecks(shared, '  '), `  switch (${propertyOf('v', key)}) {`)
      // Options left with the same checks share one case.
      const skip = new Set([key, ...shared.map(([name]) => name)])
      const bodies = new Map<string, PlanLiteral[]>()
      for (const [option, values] of cases) {
        const text = objectChecks(plan.nodes[option] as PlanNode & {type: 'object'}, skip, checksOf(node, 'v'), '      ').join('\n')
        bodies.set(text, [...(bodies.get(text) ?? []), ...values])
      }
      for (const [text, values] of bodies) body.push(...values.map((value) => `    case ${literal(value)}:`), text)
      body.push('  }', '  return false')
    } else throw new Error(`node ${index} (${node.type}) has no function`)
    if (body.some((line) => /^\s*x = /.test(line))) body.splice(1, 0, '  let x')
    functions.set(index, [`function ${name}(v: any): boolean {`, ...body, '}'].join('\n'))
    return name
  }

  const exported = Object.entries(roots).map(([name, root]) => {
    const expression = test(root, 'v')
    const direct = /^\w+\(v\)$/.test(expression) ? expression.slice(0, -3) : `(v: unknown) => ${expression}`
    return `  ${name}: ${direct}`
  })
  const importLines = [
    ...(used.has('isUrl') || used.has('isBase64') ? [`import {${['isBase64', 'isUrl'].filter((name) => used.has(name)).join(', ')}} from '${imports.formats}'`] : []),
    ...(used.has('rules') ? [`import {rules} from '${imports.rules}'`] : [])
  ]
  return [
    ...importLines,
    '',
    ...constants,
    '',
    `export const ${exportName} = {`,
    exported.join(',\n'),
    '}',
    '',
    // Children before parents, as the plan's nodes are.
    [...functions.keys()].sort((a, b) => a - b).map((index) => functions.get(index)!).join('\n\n'),
    ''
  ].join('\n')
}
