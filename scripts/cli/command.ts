import type { ParseArgsConfig } from 'node:util'
import type { LocalRuntime } from '../server/runtime'

/** What a command gets: its parsed flags and positionals, and the data directory's runtime on demand. */
export interface CliContext {
  values: Record<string, string | boolean | undefined>
  /** Positionals after the command's own words (e.g. the job name in `job tier-review`). */
  args: string[]
  dataDir: string
  /** Opens the store in the data directory (once); closed when the command ends. */
  runtime(): LocalRuntime
}

/** `json` is what `--json` prints (one document, nothing else on stdout); `text` is for people. */
export interface CommandResult {
  json: unknown
  text: string
}

export interface Command {
  /** The words that name it: ['seed', 'demo'], ['staff', 'add'], ['report']. */
  words: string[]
  /** Shown after the words in help, e.g. '--openid O --store S --role clerk|manager|admin'. */
  usage?: string
  summary: string
  /** Its own flags; `--json`, `--data-dir` and `--help` are added to every command. */
  options?: ParseArgsConfig['options']
  run(ctx: CliContext): Promise<CommandResult>
}

/** A failure the command expected (bad argument, nothing to do): printed without a stack trace. */
export class CliError extends Error {}
