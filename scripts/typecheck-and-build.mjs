// `npm test`'s first step: `npm run typecheck` and `npm run build` in one TypeScript program, so src
// is parsed and checked once, not twice (about a third of the two steps' time). It reports what
// `tsc -p tsconfig.json --noEmit` reports and, only if that is nothing, writes the files
// `tsc -p tsconfig.build.json` writes, byte for byte.
// Incremental, as `tsc --incremental` is: the state of the last clean run (dist/.test.tsbuildinfo,
// removed with dist by `npm run clean`) lets TypeScript check and write again only the files a
// change can affect (~5 CPU-s then; the whole program, with its first run writing the state, ~19).
// The state holds only while dist holds what that run wrote: the files' times then are kept beside
// it (dist/.test-dist.tsbuildinfo), and any other writer of dist (`npm run build`, a file removed) makes the next run whole.
// Plain JavaScript: run by node itself, no tsx to start.
import {mkdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync} from 'node:fs'
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
const buildInfo = join(outDir, '.test.tsbuildinfo')
const options = {
  ...check.options,
  ...Object.fromEntries(overrides.map((key) => [key, build.options[key]])),
  incremental: true,
  tsBuildInfoFile: buildInfo
}
// What dist held after the last clean run: each output's modification time. Anything else, start afresh.
const outputsOf = (source) => ['.js', '.d.ts'].map((extension) => join(outDir, relative(srcDir, source)).replace(/\.ts$/, extension))
const outputs = [...sources].flatMap(outputsOf)
const stamps = () => Object.fromEntries(outputs.map((file) => [file, statSync(file, {throwIfNoEntry: false})?.mtimeMs ?? null]))
// (Named as build state is, so that the package leaves it out as it does the state.)
const stampFile = join(outDir, '.test-dist.tsbuildinfo')
const recorded = (() => {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'))
  } catch {
    return {}
  }
})()
const now = stamps()
const distIntact = outputs.every((file) => now[file] !== null && now[file] === recorded[file])
if (!distIntact) rmSync(buildInfo, {force: true})
// Nothing to do when nothing changed since the last clean run: the same root files (a file added or
// removed changes them), every file that program read (sources, declarations, configs) and npm's
// record of node_modules unchanged in time and size, and dist as that run left it. TypeScript
// would parse the whole program only to find so (~5 CPU-s).
const inputStamp = (file) => {
  const stat = statSync(file, {throwIfNoEntry: false})
  return stat ? `${stat.mtimeMs} ${stat.size}` : null
}
const configFiles = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'node_modules/.package-lock.json'].map((name) => join(root, name))
if (
  distIntact &&
  recorded.roots !== undefined &&
  JSON.stringify(recorded.roots) === JSON.stringify(check.fileNames) &&
  Object.entries(recorded.inputs).every(([file, stamp]) => inputStamp(file) === stamp)
)
  process.exit(0)
// Test, bench and scripts files are emitted too (the builder's state expects every file of the
// program emitted), but not written: the build writes src's alone.
const program = ts.createIncrementalProgram({rootNames: check.fileNames, options, configFileParsingDiagnostics: check.errors})

// What `tsc --noEmit` reports, in its order: syntax first, then options, globals and types, and
// with `declaration` on, what declaration emit would find.
let diagnostics = [...program.getConfigFileParsingDiagnostics(), ...program.getSyntacticDiagnostics()]
if (diagnostics.length === 0) {
  diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  if (diagnostics.length === 0) diagnostics.push(...program.getSemanticDiagnostics())
  if (diagnostics.length === 0 && options.declaration) diagnostics.push(...program.getDeclarationDiagnostics())
}
if (diagnostics.length > 0) fail(diagnostics)

// The build's files: each of src that changed or may have (its declarations depend on others'),
// written where the build's rootDir (src, not the program's `.`) puts it, and the state. A run
// that fails writes neither: the next one starts from the last clean run.
const checkOut = resolve(root, check.options.outDir, relative(resolve(root, check.options.rootDir), srcDir))
/** The source a file of dist is written from (dist/a/b.js and dist/a/b.d.ts from src/a/b.ts). */
const sourceOf = (target) => join(srcDir, relative(outDir, target)).replace(/(\.d\.ts|\.js)$/, '.ts')
const writeFile = (file, text) => {
  if (resolve(file) === buildInfo) return writeFileSync(buildInfo, text)
  const target = join(outDir, relative(checkOut, resolve(file)))
  if (relative(outDir, target).startsWith('..') || !sources.has(sourceOf(target))) return
  mkdirSync(dirname(target), {recursive: true})
  writeFileSync(target, text)
}
rmSync(stampFile, {force: true})
const emitted = program.emit(undefined, writeFile)
if (emitted.diagnostics.length > 0) fail(emitted.diagnostics)
// A source saved again unchanged is not written again (its text is what the state holds), but
// its build is then older than it: made as new, for the start-up tests' check of dist by time.
for (const source of sources)
  for (const output of outputsOf(source)) if (statSync(output).mtimeMs < statSync(source).mtimeMs) utimesSync(output, new Date(), new Date())
const inputs = [...program.getProgram().getSourceFiles().map((file) => file.fileName), ...configFiles]
writeFileSync(stampFile, JSON.stringify({...stamps(), roots: check.fileNames, inputs: Object.fromEntries(inputs.map((file) => [file, inputStamp(file)]))}))
