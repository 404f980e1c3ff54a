import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

/** Absolute path of a file in the repository. */
export const repoPath = (relative: string) => fileURLToPath(new URL(`../../${relative}`, import.meta.url))

/** A JSON file of the repository, parsed. */
export const readJsonFile = (relative: string): unknown => JSON.parse(readFileSync(repoPath(relative), 'utf8'))

/** The real documents of the corpus (converted from real PDFs; see test/fixtures/corpus/README.md). */
export const corpusPath = (name: string) => repoPath(`test/fixtures/corpus/${name}`)
export const CORPUS = ['multi_page.json', 'code_and_formula.json', '2305.03393v1.json']
export const EXAMPLE = 'examples/quarterly-report.json'
