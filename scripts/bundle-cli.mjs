// The CLI as it ships: tsc's modules under dist/cli bundled by esbuild into dist/bin, with code
// splitting, so that a process compiles a few large files instead of ~180 small ones (zod, the
// mdast stack and our own modules; half a small render's CPU was module loading). What a command
// loads lazily stays a separate chunk, loaded as late as before.
//
// Three entries, because three modules are found by a path relative to their own file at run time
// and every chunk lives in dist/bin (the same depth as dist/cli, so `../../examples` still holds):
// `docmodel.js` (the CLI), `worker.js` (the batch pool's worker thread) and `stringify.js` (the
// mdast serializer the renderer requires lazily).
// Left outside the bundle: KaTeX (required on the first formula, from node_modules as before),
// gpt-tokenizer (optional: may be absent), the queue's packages (the worker command alone).
// The metafile (which modules each output holds) is for the start-up test; it is not shipped.
// Plain JavaScript: run by node itself after tsc (`npm run build`, `npm test`).
import {chmodSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
// An argument names another folder (the build test bundles into a temporary one).
const outdir = resolve(root, process.argv[2] ?? 'dist/bin')
rmSync(outdir, {recursive: true, force: true})

const result = await build({
  absWorkingDir: root,
  entryPoints: {docmodel: 'dist/cli/main.js', worker: 'dist/cli/batch/worker.js', stringify: 'dist/render/stringify.js'},
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  external: ['katex', 'gpt-tokenizer', 'gpt-tokenizer/*', 'bullmq', 'ioredis'],
  // No minifying: stack traces of a bug report stay readable, and compile time is what it saves.
  metafile: true,
  logLevel: 'warning'
})
writeFileSync(resolve(outdir, 'metafile.json'), JSON.stringify(result.metafile))
chmodSync(resolve(outdir, 'docmodel.js'), 0o755)
