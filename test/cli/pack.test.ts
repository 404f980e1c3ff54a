// What `npm pack` ships: the built code (no source maps, which would point at sources that are
// not shipped), the schemas, the example, the docs; never sources or tests.
import {execFileSync} from 'node:child_process'
import {readdirSync} from 'node:fs'
import {join, relative} from 'node:path'
import {describe, expect, it} from 'vitest'
import {readJsonFile, repoPath} from '../helpers/paths.js'

describe('the packed package', () => {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  // --ignore-scripts: prepack (clean + build) is not wanted here; `npm test` has just built.
  const [packed] = JSON.parse(
    execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: repoPath(''), encoding: 'utf8'})
  ) as Array<{
    files: Array<{path: string}>
  }>
  const files = packed!.files.map((f) => f.path).sort()

  it('holds every built module and its types, and the bundled CLI with its batch worker and lazy serializer', () => {
    const sources: string[] = []
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, {withFileTypes: true}))
        if (entry.isDirectory()) walk(join(dir, entry.name))
        else if (entry.name.endsWith('.ts')) sources.push(relative(repoPath('src'), join(dir, entry.name)))
    }
    walk(repoPath('src'))
    // The CLI ships as its bundle (dist/bin), not as tsc's modules (dist/cli, the bundle's input).
    for (const source of sources.filter((path) => !path.startsWith('cli/'))) {
      expect(files).toContain(`dist/${source.replace(/\.ts$/, '.js')}`)
      expect(files).toContain(`dist/${source.replace(/\.ts$/, '.d.ts')}`)
    }
    expect(files).toEqual(expect.arrayContaining(['dist/bin/docmodel.js', 'dist/bin/worker.js', 'dist/bin/stringify.js', 'package.json', 'README.md', 'LICENSE']))
    expect(files.filter((path) => path.startsWith('dist/cli/') || path === 'dist/bin/metafile.json')).toEqual([])
  })

  it('ships the schemas, the example and the docs, and nothing else: no maps, sources or tests', () => {
    const folder = (name: string) => (readdirSync(repoPath(name), {recursive: true, withFileTypes: true}) as import('node:fs').Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => relative(repoPath(''), join(entry.parentPath, entry.name)))
    expect(files.filter((path) => !path.startsWith('dist/'))).toEqual(
      ['LICENSE', 'README.md', 'package.json', ...folder('docs'), ...folder('examples'), ...folder('schemas')].sort()
    )
    expect(files.filter((path) => !/^dist\/.*\.(js|d\.ts)$/.test(path) && path.startsWith('dist/'))).toEqual([])
  })

  it('declares where it lives and builds before packing', () => {
    const pkg = readJsonFile('package.json') as Record<string, any>
    expect(pkg.repository).toEqual({type: 'git', url: 'git+https://github.com/docmodel/docmodel.git'})
    expect(pkg.homepage).toBe('https://github.com/docmodel/docmodel#readme')
    expect(pkg.bugs).toEqual({url: 'https://github.com/docmodel/docmodel/issues'})
    expect(pkg.keywords).toContain('cli')
    expect(pkg.scripts.prepack).toBe('npm run clean && npm run build')
  })
})
