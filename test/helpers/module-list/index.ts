import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {mkdtemp, readFile, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const REGISTER = fileURLToPath(new URL('./register.mjs', import.meta.url))

/** Runs `node <args>` and answers the file modules it loaded (paths), in load order, and its exit status. */
export function loadedModules(args: string[], cwd?: string): {modules: string[]; status: number | null; stderr: string} {
  const dir = mkdtempSync(join(tmpdir(), 'docmodel-modules-'))
  const file = join(dir, 'modules')
  try {
    const run = spawnSync(process.execPath, ['--import', REGISTER, ...args], {
      cwd,
      encoding: 'utf8',
      env: {PATH: process.env.PATH, MODULE_LIST_FILE: file}
    })
    const modules = readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((url) => fileURLToPath(url))
    return {modules, status: run.status, stderr: run.stderr}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** `loadedModules` as a promise: several processes can be watched at once. */
export async function loadedModulesAsync(args: string[], cwd?: string): Promise<{modules: string[]; status: number | null; stderr: string}> {
  const dir = await mkdtemp(join(tmpdir(), 'docmodel-modules-'))
  const file = join(dir, 'modules')
  try {
    const child = spawn(process.execPath, ['--import', REGISTER, ...args], {cwd, env: {PATH: process.env.PATH, MODULE_LIST_FILE: file}, stdio: ['ignore', 'ignore', 'pipe']})
    let stderr = ''
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const status = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', (code) => resolve(code)))
    const modules = (await readFile(file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((url) => fileURLToPath(url))
    return {modules, status, stderr}
  } finally {
    await rm(dir, {recursive: true, force: true})
  }
}

/** The package a module path belongs to (`katex`, `@scope/name`), or undefined for the project's own files. */
export function packageOf(path: string): string | undefined {
  const at = path.lastIndexOf('/node_modules/')
  if (at < 0) return undefined
  const [first, second] = path.slice(at + '/node_modules/'.length).split('/')
  return first!.startsWith('@') ? `${first}/${second}` : first
}
