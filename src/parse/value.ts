import {type Issue, type Path, createIssue, formatPath} from '../issues.js'

/** How many more slots shared references may add to a value, beyond its distinct arrays and objects. */
export const MAX_SHARED_SLOTS = 1_000_000

/**
 * Checks a value handed in by the caller (not parsed from text here) for what JSON text cannot
 * hold and validation must not meet: a cycle (validation would never end), a hole of a sparse
 * array, a property that throws when read (a getter, a revoked proxy), a `__proto__` key, and
 * shared references that multiply the work (`a = [a, a]` ten times is 2¹⁰ arrays to validate).
 * Iterative and linear in the distinct arrays and objects; undefined when the value is fine.
 */
export function checkValue(root: unknown): Issue | undefined {
  if (!isContainer(root)) return undefined
  type Frame = {value: object; key: string | number; parent: Frame | undefined; keys: string[] | undefined; next: number; size: number}
  const pathOf = (frame: Frame | undefined, ...rest: Path): Path => {
    const path = rest
    for (let at = frame; at?.parent; at = at.parent) path.unshift(at.key)
    return path
  }
  const onPath = new Set<object>()
  const sizes = new Map<object, number>() // expanded size of each finished container
  let distinct = 0 // slots of the distinct containers: what validation costs without sharing
  const stack: Frame[] = []
  let current: Frame | undefined // the frame whose property is being read, for the path of a throw
  let reading: string | number | undefined
  const enter = (value: object, key: string | number, parent: Frame | undefined): Issue | undefined => {
    const frame: Frame = {value, key, parent, keys: undefined, next: 0, size: 1}
    current = parent
    reading = key
    if (!Array.isArray(value)) {
      if (!isPlainObject(value)) {
        // Dates, maps, class instances: the schema rejects or reads them as a whole, never walked.
        if (parent) parent.size += 1
        return undefined
      }
      frame.keys = Object.keys(value)
      if (Object.prototype.hasOwnProperty.call(value, '__proto__'))
        return createIssue('unsafe_key', pathOf(frame, '__proto__'), 'expected no "__proto__" key (it is unsafe to copy)')
    }
    onPath.add(value)
    stack.push(frame)
    return undefined
  }
  try {
    const first = enter(root, '', undefined)
    if (first) return first
    while (stack.length > 0) {
      const frame = stack.at(-1)!
      const {value, keys} = frame
      const length = keys ? keys.length : (value as unknown[]).length
      if (frame.next >= length) {
        stack.pop()
        onPath.delete(value)
        sizes.set(value, frame.size)
        distinct += 1 + length
        if (frame.parent) frame.parent.size += frame.size
        continue
      }
      const index = frame.next++
      const key = keys ? keys[index]! : index
      current = frame
      reading = key
      if (!keys && !(index in value))
        return createIssue('sparse_array', pathOf(frame, index), 'expected a value, got a hole (a sparse array)')
      const child = (value as Record<string | number, unknown>)[key]
      if (!isContainer(child)) {
        frame.size += 1
        continue
      }
      if (onPath.has(child)) {
        const target = stack.find((f) => f.value === child)!
        const at = formatPath(pathOf(target))
        return createIssue('cyclic_value', pathOf(frame, key), `expected a tree of values, got a reference back to ${at} (a cycle)`)
      }
      const known = sizes.get(child)
      if (known !== undefined) frame.size += known
      else {
        const issue = enter(child, key, frame)
        if (issue) return issue
      }
    }
  } catch {
    const path = current ? pathOf(current, ...(reading === undefined ? [] : [reading])) : []
    return createIssue('unreadable_value', path, 'expected a value that can be read, got an exception while reading it')
  }
  const expanded = sizes.get(root) ?? 0
  if (expanded - distinct > MAX_SHARED_SLOTS)
    return createIssue(
      'too_many_shared_references',
      [],
      `expected at most ${MAX_SHARED_SLOTS} values reached again through shared references, got ${expanded - distinct}`
    )
  return undefined
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === 'object'

/** Objects validation reads key by key: plain ones (or proxies that say they are). */
function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}
