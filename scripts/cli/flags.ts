import { readFileSync } from 'node:fs'
import { CliError, type CliContext } from './command'

/** A flag's value, trimmed; missing or blank is a CliError naming the flag. */
export function required(ctx: CliContext, flag: string): string {
  const v = ctx.values[flag]
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${flag} is required`)
  return v.trim()
}

/** A file's text; a file that cannot be read is a CliError naming it. */
export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`)
  }
}

/** A JSON file's value; unreadable or malformed is a CliError naming the file. */
export function readJson(file: string): unknown {
  const text = readText(file)
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new CliError(`cannot read ${file}: ${(err as Error).message}`)
  }
}
