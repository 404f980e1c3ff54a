// `npm test`'s first step: `npm run typecheck` and `npm run build` in one TypeScript program, so src
// is parsed and checked once, not twice (about a third of the two steps' time). It reports what
// `tsc -p tsconfig.json --noEmit` reports and, only if that is nothing, writes the files
// `tsc -p tsconfig.build.json` writes, byte for byte.
// Plain JavaScript: run by node itself, no tsx to start.
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import ts from 'typescript'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')

/** A tsconfig read as tsc reads it: its files and its compiler options. */
function readConfig(name) {
  const host = {...ts.sys, onUnRecoverableConfigFileDiagnostic: (diagnostic) => fail([diagnostic])}
  const config = ts.getParsedCommandLineOfConfigFile(join(root, name), {}, host)
  if (config.errors.length > 0) fail(config.errors)
  return config
}

function fail(diagnostics) {
  const host = {getCanonicalFileName: (name) => name, getCurrentDirectory: () => root, getNewLine: () => ts.sys.newLine}
  const format = process.stderr.isTTY ? ts.formatDiagnosticsWithColorAndContext : ts.formatDiagnostics
  process.stderr.write(format(ts.sortAndDeduplicateDiagnostics(diagnostics), host))
  process.stderr.write(`\nFound ${diagnostics.length} error${diagnostics.length === 1 ? '' : 's'}.\n`)
  process.exit(1)
}

const check = readConfig('tsconfig.json')
const build = readConfig('tsconfig.build.json')
const sources = new Set(build.fileNames.map((file) => resolve(file)))
const srcDir = resolve(root, build.options.rootDir)
const outDir = resolve(root, build.options.outDir)

// tsconfig.json's options with the ones tsconfig.build.json sets (how to emit: no source maps),
// except its rootDir: the program holds test/ too, so the outputs are moved below (src/x.ts → dist/x.js).
const overrides = Object.keys(build.raw.compilerOptions ?? {}).filter((key) => key !== 'rootDir')
const options = {...check.options, ...Object.fromEntries(overrides.map((key) => [key, build.options[key]]))}
const program = ts.createProgram({rootNames: check.fileNames, options, configFileParsingDiagnostics: check.errors})

// What `tsc --noEmit` reports, in its order: syntax first, then options, globals and types, and
// with `declaration` on, what declaration emit would find.
let diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getSyntacticDiagnostics()]
if (diagnostics.length === 0) {
  diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  if (diagnostics.length === 0) diagnostics.push(...program.getSemanticDiagnostics())
  if (diagnostics.length === 0 && options.declaration) diagnostics.push(...program.getDeclarationDiagnostics())
}
if (diagnostics.length > 0) fail(diagnostics)

// The build's files: each of src, written where the build's rootDir (src, not the program's `.`) puts it.
const checkOut = resolve(root, check.options.outDir, relative(resolve(root, check.options.rootDir), srcDir))
const writeFile = (file, text) => {
  const target = join(outDir, relative(checkOut, resolve(file)))
  mkdirSync(dirname(target), {recursive: true})
  writeFileSync(target, text)
}
const emitted = []
for (const file of program.getSourceFiles()) {
  if (!sources.has(resolve(file.fileName))) continue
  const result = program.emit(file, writeFile)
  emitted.push(...result.diagnostics)
}
if (emitted.length > 0) fail(emitted)
