import path from 'node:path'
import { parseArgs } from 'node:util'
import { CliError, type CliContext, type Command, type CommandResult } from './cli/command'
import { commands } from './cli/commands'
import { openLocalRuntime, type LocalRuntime } from './server/runtime'

/**
 * `npm run cli -- <command> [--json]`: operator commands against the same data directory as
 * `npm start` (HUIKA_DATA_DIR, default .huika/). With --json a command prints exactly one JSON
 * document on stdout and nothing else, for scripts (`npm run -s cli -- ... --json`).
 */
const COMMON = {
  json: { type: 'boolean' },
  'data-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const

const help: Command = {
  words: ['help'],
  summary: 'list the commands',
  async run() {
    const all = [...commands, help]
    const lines = all.map((c) => `  ${[...c.words, c.usage].filter(Boolean).join(' ').padEnd(34)} ${c.summary}`)
    return {
      json: { commands: all.map((c) => ({ command: c.words.join(' '), usage: c.usage ?? '', summary: c.summary })) },
      text: [
        '用法 / usage: npm run cli -- <command> [options] [--json]',
        '',
        ...lines,
        '',
        'Every command takes --json (one JSON document on stdout, nothing else) and --data-dir DIR',
        '(default: HUIKA_DATA_DIR, else .huika/ in the repository).',
      ].join('\n'),
    }
  },
}

/** The command whose words start argv; the longest match wins (`staff add` before `staff`). */
function findCommand(argv: string[]): Command | undefined {
  const firstFlag = argv.findIndex((a) => a.startsWith('-'))
  const words = firstFlag === -1 ? argv : argv.slice(0, firstFlag)
  return [...commands, help]
    .filter((c) => c.words.every((w, i) => words[i] === w))
    .sort((a, b) => b.words.length - a.words.length)[0]
}

export async function runCli(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s)): Promise<number> {
  const command = argv.length === 0 ? help : findCommand(argv)
  if (!command) {
    process.stderr.write(`unknown command: ${argv.join(' ')}\nrun \`npm run cli -- help\` for the list\n`)
    return 2
  }
  let runtime: LocalRuntime | undefined
  try {
    const { values, positionals } = parseArgs({
      args: argv.slice(command.words.length),
      options: { ...COMMON, ...command.options },
      allowPositionals: true,
      strict: true,
    })
    const dataDir = path.resolve(
      (values['data-dir'] as string | undefined) ?? process.env.HUIKA_DATA_DIR ?? path.join(__dirname, '..', '.huika'),
    )
    const ctx: CliContext = {
      values,
      args: positionals,
      dataDir,
      runtime: () => (runtime ??= openLocalRuntime({ dataDir, mode: 'local' })),
    }
    const result: CommandResult = values.help ? await help.run(ctx) : await command.run(ctx)
    out(values.json ? `${JSON.stringify(result.json)}\n` : `${result.text}\n`)
    return 0
  } catch (err) {
    const known = err instanceof CliError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    process.stderr.write(`${command.words.join(' ')}: ${known ? (err as Error).message : ((err as Error).stack ?? String(err))}\n`)
    return 1
  } finally {
    runtime?.close()
  }
}

if (require.main === module) {
  runCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code
  })
}
