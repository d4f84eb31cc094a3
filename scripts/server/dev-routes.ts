import type { FastifyInstance } from 'fastify'
import { fail, ok } from '../../shared/errors'
import * as z from '../../shared/zod'
import type { LocalRuntime } from './runtime'
import { listStaff } from '../../cloudfunctions/_lib/staff-records'

const ClockInput = z.object({
  now: z.union([z.iso.datetime({ offset: true, error: '时间格式应为 ISO 8601，例如 2027-01-31T10:00:00+08:00' }), z.null()]),
  frozen: z.boolean().optional(),
})

const OUTBOX_FILTERS = ['campaignId', 'memberId', 'kind', 'channel'] as const

/** Local-mode helpers. Not registered at all in production mode, where /_dev/* answers 404. */
export function devRoutes(app: FastifyInstance, rt: LocalRuntime) {
  // Newest first; `?campaignId=`, `?memberId=`, `?kind=`, `?channel=` keep only the matching messages.
  app.get<{ Querystring: Record<string, string | undefined> }>('/_dev/outbox', async (req) => {
    const q = req.query ?? {}
    return rt.outbox.list().filter((m) => OUTBOX_FILTERS.every((f) => q[f] === undefined || m[f] === q[f]))
  })

  // The console's dev sign-in lists who can be chosen: active managers and admins.
  app.get('/_dev/operators', async () =>
    ok(
      (await listStaff(rt.deps.db))
        .filter((s) => s.active && (s.role === 'admin' || s.role === 'manager'))
        .map((s) => ({ openid: s.openid, name: s.name, role: s.role, storeId: s.storeId })),
    ),
  )

  app.post('/_dev/clock', async (req, reply) => {
    const parsed = ClockInput.safeParse(req.body ?? {})
    if (!parsed.success) return reply.code(400).send(fail('INVALID_INPUT', parsed.error.issues[0]?.message))
    rt.clock.set(parsed.data.now === null ? null : new Date(parsed.data.now), { frozen: parsed.data.frozen })
    return ok(rt.clock.state())
  })

  app.post<{ Params: { job: string } }>('/_dev/jobs/:job', async (req, reply) => {
    const job = rt.registry.jobs.get(req.params.job)
    if (!job) {
      const names = [...rt.registry.jobs.keys()]
      return reply.code(404).send(fail('UNKNOWN_JOB', names.length ? `没有这个任务。可运行的任务：${names.join('、')}` : '没有这个任务：目前还没有任何定时任务'))
    }
    try {
      return ok(await job.run(rt.deps, rt.clock.now()))
    } catch (err) {
      rt.deps.log.error(`job ${job.name} failed`, err)
      return fail('INTERNAL')
    }
  })
}
