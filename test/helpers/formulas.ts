import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {repoPath} from './paths.js'

/** Every `latex` string of the JSON fixtures (any depth). */
export function fixtureFormulas(): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.name.endsWith('.json'))
        for (const match of readFileSync(path, 'utf8').matchAll(/"latex"\s*:\s*("(?:[^"\\]|\\.)*")/g))
          out.push(JSON.parse(match[1]!) as string)
    }
  }
  walk(repoPath('test/fixtures'))
  return out
}
