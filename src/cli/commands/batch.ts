import {stat, writeFile} from 'node:fs/promises'
import {availableParallelism} from 'node:os'
import {join, relative, sep} from 'node:path'
import {listOf, outFolder, text, wholeNumber} from '../args.js'
import {chunkingHelp} from '../chunking.js'
import {type Command, EXIT, inputHelp, inputSettings} from '../command.js'
import {InputError, UsageError, describeErrno} from '../errors.js'
import {type FileInput, expandInputsWithLinks} from '../files.js'
import {type CliIo, makeDirectory, readStream, resolvePath, say} from '../io.js'
import {previewingHelp} from '../previewing.js'
import {renderHelp, selectionHelp} from '../selection.js'
import {escapeControl} from '../terminal.js'
import type {Task, TaskResult} from '../batch/convert.js'
import {conversionOptions, formatSettings, outputFormats} from '../batch/formats.js'
import {runPool} from '../batch/pool.js'
import {type BatchState, REPORT_FILE, STATE_FILE, inputHash, loadState, saveState, settingsFingerprint} from '../batch/state.js'
import {progressLine} from '../batch/progress.js'
import {boundHeapGrowth} from '../heap.js'

/** One line of `batch-report.json`'s `files`. */
interface FileReport {
  input: string
  outputs: string[]
  /** `pending`: not done when the run was interrupted. */
  status: 'converted' | 'skipped' | 'failed' | 'pending'
  blocks: number | null
  warnings: number
  /** The first warnings (at most 20), each naming its block. */
  warningMessages: string[]
  ms: number
  error?: string
}

export const batchCommand: Command = {
  name: 'batch',
  summary: 'convert many documents on all cores, resumable, with a report',
  help: `Usage: docmodel batch <dir|pattern|file|->... --out <dir> [options]

Converts every input (directories are searched for *.json; patterns are expanded here too;
- reads a list of paths from stdin, one per line) on worker threads, writing one output per
input and format below --out, mirroring the input tree. Inputs whose outputs are newer are
skipped, so an interrupted run picks up where it stopped; an input whose content, or a flag
that shapes its outputs, changed since is converted again. A bad file is reported and the run
goes on. Writes --out/batch-report.json (per file: status, blocks, warnings, time) and shows a
progress bar with an ETA on a terminal. Exit code 3 when a file failed, 130 when interrupted.

Options:
      --out <dir>              where the outputs and batch-report.json go (required)
      --to <formats>           ${Object.keys(outputFormats).join(',')} (default: markdown)
                               .md, .json, .stats.json, .chunks.jsonl, .preview.html
  -j, --jobs <n>               worker threads (default: the number of cores; 0: no worker)
      --force                  convert every input, even when its outputs are up to date
      --follow-links           follow links that lead out of an input folder (default: ignored, listed)
      --progress               show the progress bar even when stderr is not a terminal
  -q, --quiet                  no progress bar, failure lines or summary (the report is still written)
${renderHelp}
${selectionHelp}
${inputHelp}

Options of --to chunks (JSON Lines, as docmodel chunk writes them):
${chunkingHelp}

Options of --to preview (HTML, as docmodel preview writes it):
${previewingHelp}

Examples:
  docmodel batch exports/ --out markdown/
  docmodel batch 'exports/**/*.json' --out out/ --to markdown,json --preset trusted --jobs 4
  docmodel batch exports/ --out out/ --to markdown,chunks,preview --max-tokens 512 --color-by confidence
  find exports -name '*.json' | docmodel batch - --out out/ --force`,
  options: {
    out: {type: 'string'},
    to: {type: 'string'},
    jobs: {type: 'string', short: 'j'},
    force: {type: 'boolean'},
    'follow-links': {type: 'boolean'},
    progress: {type: 'boolean'},
    quiet: {type: 'boolean', short: 'q'},
    ...conversionOptions
  },
  async run(values, positionals, io) {
    const started = Date.now()
    const outArg = outFolder(values, 'batch needs --out <dir>: where the outputs go')
    if (positionals.length === 0) throw new UsageError('batch needs inputs: directories, files, patterns, or - for a list on stdin')
    const formats = listOf('to', text(values, 'to') ?? 'markdown', Object.keys(outputFormats))!
    const jobs = wholeNumber('jobs', text(values, 'jobs'), 0) ?? availableParallelism()
    const {maxBytes} = inputSettings(values)
    formatSettings(values, formats) // a bad or missing flag is a usage error now, not one failure per file
    if (formats.includes('chunks')) boundHeapGrowth()
    const outDir = resolvePath(io, outArg)
    const config = {values: {...values}, formats, wholeRead: io.env.DOCMODEL_WHOLE_READ === '1'}

    const expanded = await expandInputsWithLinks(await withStdinList(positionals, io, maxBytes), io, {
      followLinks: values['follow-links'] === true
    })
    // Outputs are not inputs: a file under --out (a previous run's .json) is left out.
    const underOut = (input: {path?: string}) => `${input.path}${sep}`.startsWith(`${outDir}${sep}`)
    const inputs = expanded.inputs.filter((input) => input.path !== undefined && !underOut(input))
    if (!values.quiet)
      for (const link of expanded.ignoredLinks)
        say(io.stderr, `ignored: ${link}: a link that leads outside its input folder (--follow-links follows it)\n`)
    if (inputs.length === 0) {
      const skipped = expanded.inputs.filter(underOut).length
      const why = skipped === 0 ? '' : ` (${skipped} left out for being under --out ${outArg}: outputs are not read as inputs; choose another --out)`
      throw new UsageError(`no .json input found in ${positionals.join(' ')}${why}`)
    }
    const state = await loadState(outDir, maxBytes)
    const fingerprints = new Map(formats.map((format) => [format, settingsFingerprint(values, format)]))
    const {tasks, reports} = await plan(inputs, outDir, {force: values.force === true, state, fingerprints, maxBytes})
    // What failed before converting (a folder that cannot be listed, an output over the report) is said as a failed conversion is.
    if (!values.quiet)
      for (const report of reports.values()) if (report.status === 'failed') say(io.stderr, `failed: ${report.input}: ${report.error}\n`)
    await makeDirectory(outDir).catch((error) => {
      throw new InputError('unwritable', `cannot create ${outArg}: ${describeErrno(error)}`)
    })
    // What is about to be redone is no longer known to be up to date, even if the run dies midway.
    for (const task of tasks) for (const output of task.outputs) state.delete(stateKey(outDir, output.path))
    await saveState(outDir, state).catch((error) => {
      throw new InputError('unwritable', `cannot write ${join(outArg, STATE_FILE)}: ${describeErrno(error)}`)
    })

    const show = !values.quiet && (io.stderr.isTTY === true || values.progress === true)
    let done = 0
    let failed = 0
    let shownAt = 0
    const bar = (force = false) => {
      if (!show || (!force && Date.now() - shownAt < 100)) return
      shownAt = Date.now()
      io.stderr.write(`\r\x1b[K${progressLine({done, total: tasks.length, failed, elapsedMs: Date.now() - started})}`)
    }
    bar(true)
    const complete = await runPool(
      tasks,
      config,
      jobs,
      (task: Task, result: TaskResult) => {
        done++
        const report = reports.get(task)!
        Object.assign(report, {
          status: result.status,
          blocks: result.blocks,
          warnings: result.warnings.length,
          warningMessages: result.warnings.slice(0, 20),
          ms: Math.round(result.ms),
          ...(result.error === undefined ? {} : {error: result.error})
        })
        if (result.status === 'converted' && result.inputHash !== undefined)
          for (const output of task.outputs)
            state.set(stateKey(outDir, output.path), {input: result.inputHash, settings: fingerprints.get(output.format)!})
        if (result.status === 'failed') {
          failed++
          if (!values.quiet) say(io.stderr, `${show ? '\r\x1b[K' : ''}failed: ${task.name}: ${result.error}\n`)
        }
        bar()
      },
      io.signal
    )
    bar(true)
    if (show) io.stderr.write('\n')

    const elapsedMs = Date.now() - started
    const files = [...reports.values()]
    const count = (status: FileReport['status']) => files.filter((file) => file.status === status).length
    const summary = {
      files: files.length,
      converted: count('converted'),
      skipped: count('skipped'),
      failed: count('failed'),
      pending: count('pending')
    }
    const reportPath = join(outDir, REPORT_FILE)
    const body = {
      startedAt: new Date(started).toISOString(),
      elapsedMs,
      interrupted: !complete,
      jobs,
      formats,
      summary,
      files,
      ignoredLinks: expanded.ignoredLinks
    }
    try {
      await saveState(outDir, state)
      await writeFile(reportPath, JSON.stringify(body, null, 2) + '\n')
    } catch (error) {
      throw new InputError('unwritable', `cannot write ${reportPath}: ${describeErrno(error)}`)
    }
    if (!values.quiet) {
      // The rate of the files this run did: none when every file was skipped (a resumed batch).
      const rate = done / Math.max(elapsedMs / 1000, 0.001)
      say(
        io.stderr,
        `${complete ? 'batch' : 'batch interrupted'}: ${summary.converted} converted, ${summary.failed} failed, ${summary.skipped} skipped` +
          `${complete ? '' : `, ${summary.pending} not done`} in ${(elapsedMs / 1000).toFixed(1)} s${done > 0 ? ` (${rate.toFixed(1)} files/s)` : ''}; report: ${relative(io.cwd ?? process.cwd(), reportPath)}\n`
      )
    }
    return !complete ? EXIT.interrupted : summary.failed > 0 ? EXIT.invalid : EXIT.ok
  }
}

/** `-` among the inputs: the paths listed on stdin, one per line. */
async function withStdinList(args: string[], io: CliIo, maxBytes: number): Promise<string[]> {
  if (!args.includes('-')) return args
  const list = Buffer.from(await readStream(io.stdin, 'stdin', maxBytes)).toString('utf8')
  const listed = list.split(/\r?\n/).filter((line) => line.trim() !== '')
  return args.flatMap((arg) => (arg === '-' ? listed : [arg]))
}

/** An output's key in the state: its path below `--out`, `/`-separated. */
const stateKey = (outDir: string, path: string) => relative(outDir, path).split(sep).join('/')

interface PlanSettings {
  force: boolean
  /** What produced each output, as an earlier run recorded it. */
  state: BatchState
  /** The settings fingerprint of each `--to` format. */
  fingerprints: Map<string, string>
  maxBytes: number
}

/**
 * A task per input with an output that is missing or was made from other content or other settings
 * (every input, with `force`), and a report row per input. An output that would land on the run's
 * own report or state fails its input instead.
 */
async function plan(inputs: FileInput[], outDir: string, {force, state, fingerprints, maxBytes}: PlanSettings) {
  const tasks: Task[] = []
  const reports = new Map<Task | FileInput, FileReport>()
  // The run's own files are taken before any input: an output never lands on them.
  const reserved = new Map([
    ['the run’s report', REPORT_FILE],
    ['the run’s record of what made each output', STATE_FILE]
  ])
  const owners = new Map([...reserved].map(([owner, file]) => [join(outDir, file), owner]))
  for (const input of inputs) {
    if (input.error !== undefined) {
      const failed: FileReport = {input: input.name, outputs: [], status: 'failed', blocks: null, warnings: 0, warningMessages: [], ms: 0}
      reports.set(input, {...failed, error: input.error})
      continue
    }
    const stem = input.relative.replace(/\.json$/i, '')
    const outputs = [...fingerprints.keys()].map((format) => ({format, path: join(outDir, stem + outputFormats[format]!.extension)}))
    const report: FileReport = {
      input: input.name,
      outputs: outputs.map((o) => relative(outDir, o.path)),
      status: 'skipped',
      blocks: null,
      warnings: 0,
      warningMessages: [],
      ms: 0
    }
    const clash = outputs.map((o) => owners.get(o.path)).find((owner) => owner !== undefined)
    if (clash !== undefined) {
      const error = reserved.has(clash)
        ? `its output would overwrite ${clash} (${reserved.get(clash)}); rename the input`
        : `its output would overwrite the output of ${escapeControl(clash)}`
      reports.set(input, {...report, status: 'failed', error})
      continue
    }
    for (const o of outputs) owners.set(o.path, input.name)
    if (!force && (await upToDate(input, outputs, outDir, state, fingerprints, maxBytes))) {
      reports.set(input, report)
      continue
    }
    const task: Task = {name: input.name, path: input.path!, outputs}
    tasks.push(task)
    reports.set(task, {...report, status: 'pending'})
  }
  return {tasks, reports}
}

/** Every output exists and was made from this very content (its hash) with these settings. */
async function upToDate(
  input: FileInput,
  outputs: Array<{format: string; path: string}>,
  outDir: string,
  state: BatchState,
  fingerprints: Map<string, string>,
  maxBytes: number
): Promise<boolean> {
  const made = outputs.map((output) => state.get(stateKey(outDir, output.path)))
  if (made.some((entry, i) => entry === undefined || entry.settings !== fingerprints.get(outputs[i]!.format))) return false
  for (const output of outputs) if (!(await stat(output.path).catch(() => undefined))?.isFile()) return false
  const hash = await inputHash(input.path!, input.name, maxBytes)
  return hash !== undefined && made.every((entry) => entry!.input === hash)
}
