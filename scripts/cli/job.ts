import { CliError, type Command } from './command'

/** `job <name>`: runs a scheduled job once, now, against the data directory (as its timer would). */
export const runJob: Command = {
  words: ['job'],
  usage: '<name>',
  summary: 'run a scheduled job now (points-expiry, points-expiry-warning, ...) and print its summary',
  async run(ctx) {
    const rt = ctx.runtime()
    const name = ctx.args[0]
    const names = [...rt.registry.jobs.keys()]
    const job = name === undefined ? undefined : rt.registry.jobs.get(name)
    if (!job) throw new CliError(`${name === undefined ? 'which job?' : `no job "${name}".`} jobs: ${names.join(', ') || '(none)'}`)
    const summary = await job.run(rt.deps, rt.clock.now())
    return { json: summary, text: `${job.name}: ${JSON.stringify(summary)}` }
  },
}
