// TypeDoc plugin for docs/api: a page a newcomer can read.
// - Each export is grouped by the stage folder it lives in (src/parse, src/render, …), in the
//   order of the flow, so the reference reads like docs/architecture.md.
// - A zod schema's type is named (`ZodObject`), not spelled out: the fields are in docs/fields.md.
// - A parameter or field typed with a schema's inferred type (`doc: Document`) links to that type
//   instead of inlining every nested field as a heading.
import ts from 'typescript'
import {Comment, CommentTag, Converter, ReferenceType, ReflectionKind, ReflectionType} from 'typedoc'

/** The stages, in the order of the flow; a file at the top of src/ belongs to the stage named here. */
const ROOT_FILES = {'errors.ts': 'errors', 'issues.ts': 'parse', 'version.ts': 'client'}

function stageOf(fileName) {
  const match = /\/src\/(?:([a-z]+)\/.*|([^/]+))$/.exec(fileName.replaceAll('\\', '/'))
  return match ? (match[1] ?? ROOT_FILES[match[2]]) : undefined
}

/** The node of a type as written in the source, if the reflection was declared with one. */
function typeNodeOf(symbol) {
  const declaration = symbol?.valueDeclaration ?? symbol?.declarations?.[0]
  return declaration && 'type' in declaration ? declaration.type : undefined
}

const isZodReference = (type) => type?.type === 'reference' && /^Zod[A-Z]/.test(type.name)

/** `ZodObject<{…pages of fields…}>` → `ZodObject`. */
function nameZodType(type) {
  if (isZodReference(type)) type.typeArguments = undefined
  else if (type?.type === 'union' && type.types.every(isZodReference)) for (const part of type.types) part.typeArguments = undefined
}

/** Replaces inlined object types by references to the type alias written in the source. */
function relink(type, node, aliases, project) {
  if (!type || !node) return type
  while (ts.isParenthesizedTypeNode(node) || (ts.isTypeOperatorNode(node) && node.operator === ts.SyntaxKind.ReadonlyKeyword)) node = node.type
  if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName) && !node.typeArguments && type.type !== 'reference') {
    const target = aliases.get(node.typeName.text)
    return target ? ReferenceType.createResolvedReference(target.name, target, project) : type
  }
  if (ts.isTypeReferenceNode(node) && type.type === 'reference' && type.typeArguments?.length === node.typeArguments?.length)
    type.typeArguments = type.typeArguments?.map((part, i) => relink(part, node.typeArguments[i], aliases, project))
  else if (ts.isArrayTypeNode(node) && type.type === 'array') type.elementType = relink(type.elementType, node.elementType, aliases, project)
  else if (ts.isTypePredicateNode(node) && type.type === 'predicate') type.targetType = relink(type.targetType, node.type, aliases, project)
  else if (ts.isUnionTypeNode(node) && type.type === 'union') {
    // TypeScript may order a union's members differently from the source: pair each written alias
    // with the next inlined object type.
    let next = 0
    for (const part of node.types) {
      next = type.types.findIndex((member, i) => i >= next && member instanceof ReflectionType)
      if (next < 0) break
      type.types[next] = relink(type.types[next], part, aliases, project)
      if (type.types[next] instanceof ReflectionType) continue
      next++
    }
  }
  return type
}

export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project
    const aliases = new Map(project.getReflectionsByKind(ReflectionKind.TypeAlias).map((alias) => [alias.name, alias]))

    for (const reflection of project.getReflectionsByKind(ReflectionKind.All)) {
      const symbol = context.getSymbolFromReflection(reflection)
      if (reflection.parent?.kindOf(ReflectionKind.Module)) {
        const stage = stageOf(symbol?.declarations?.[0]?.getSourceFile().fileName ?? '')
        if (stage) {
          reflection.comment ??= new Comment()
          reflection.comment.blockTags.push(new CommentTag('@group', [{kind: 'text', text: stage}]))
        }
      }
      if (reflection.kindOf(ReflectionKind.Variable | ReflectionKind.Property)) nameZodType(reflection.type)
      if (reflection.kindOf(ReflectionKind.Parameter | ReflectionKind.Property))
        reflection.type = relink(reflection.type, typeNodeOf(symbol), aliases, project)
    }
    for (const signature of project.getReflectionsByKind(ReflectionKind.Function | ReflectionKind.Method)) {
      for (const sig of signature.signatures ?? []) {
        const declaration = context.getSymbolFromReflection(signature)?.declarations?.[0]
        if (declaration && 'type' in declaration) sig.type = relink(sig.type, declaration.type, aliases, project)
        for (const parameter of sig.parameters ?? []) {
          parameter.type = relink(parameter.type, typeNodeOf(context.getSymbolFromReflection(parameter)), aliases, project)
        }
      }
    }
  })
}
