import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { MEMBER_TIERS, TIERS_CONFIG_ID } from '../../cloudfunctions/_lib/tiers'
import { MEMBERS } from '../../cloudfunctions/_lib/members'
import { newMemberRecord } from '../../shared/member/member-record'
import { grantConsent } from '../handlers/consent-fixtures'
import { startServer } from '../../scripts/server'
import { openLocalRuntime } from '../../scripts/server/runtime'
import { addDays, shanghaiDay } from '../../shared/day'
import type { MemberTier } from '../../shared/tier/member-tier'
import { DemoTierConfig } from '../../shared/tier/programme'
import { runCliIn } from './cli-run'

let dataDir: string
beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'huika-cli-tier-'))
})
afterEach(() => rmSync(dataDir, { recursive: true, force: true }))

const cli = (...argv: string[]) => runCliIn(dataDir, ...argv)
// The CLI runs at the real clock.
const today = () => shanghaiDay(new Date())

/** Works on the data directory directly, as the server would. */
async function withRuntime<T>(work: (rt: ReturnType<typeof openLocalRuntime>) => Promise<T>): Promise<T> {
  const rt = openLocalRuntime({ dataDir, mode: 'local', log: { error: () => undefined } })
  try {
    return await work(rt)
  } finally {
    rt.close()
  }
}

function tier(id: string, levelId: string, days: Array<[string, number]>): MemberTier {
  const t = today()
  return {
    _id: id,
    openid: `o-${id}`,
    levelId,
    terms: '2026',
    since: addDays(t, -100),
    cycleFloorId: levelId,
    reviewOn: levelId === 'basic' ? null : addDays(t, 265),
    graceUntil: null,
    warnedFor: null,
    manual: null,
    growth: { since: '2020-01-01', days },
    moves: [],
    updatedAt: new Date(),
  }
}

/** basic (nothing), silver (¥1,600: keeps silver now), gold (¥7,000 over 7 days: keeps gold). */
async function seedTiers() {
  const t = today()
  await withRuntime(async (rt) => {
    const tiers = [
      tier('m1', 'basic', []),
      tier('m2', 'silver', [[addDays(t, -50), 160_000]]),
      tier('m3', 'gold', Array.from({ length: 7 }, (_, i) => [addDays(t, -10 * (i + 1)), 100_000] as [string, number])),
    ]
    for (const { _id, ...data } of tiers) await rt.deps.db.collection(MEMBER_TIERS).doc(_id).set(data)
  })
}

/** The demo ladder as version `version`, with silver kept only on ¥1,800. */
function ladderFile(version: string, effectiveFrom: string, change: (levels: any[]) => void = () => {}) {
  const levels = JSON.parse(JSON.stringify(DemoTierConfig.versions[0].levels))
  levels[1].retain = { spendFen: 180_000 }
  change(levels)
  const file = path.join(dataDir, `ladder-${version}.json`)
  writeFileSync(file, JSON.stringify({ version, effectiveFrom, graceDays: 15, levels }))
  return file
}

const storedConfig = () => withRuntime(async (rt) => rt.store.rawGet('config', TIERS_CONFIG_ID) as Record<string, any> | undefined)

describe('npm run cli -- tier', () => {
  test('help lists the tier commands', async () => {
    const json = JSON.parse((await cli('help', '--json')).stdout)
    expect(json.commands.map((c: { command: string }) => c.command)).toEqual(expect.arrayContaining(['tier grant', 'tier plan', 'tier publish']))
    expect((await cli('help')).stdout).toContain('tier plan --file LADDER.json')
  })

  test('tier plan prints the dry run over every member, as a table and as JSON; saves nothing', async () => {
    await seedTiers()
    const file = ladderFile('2099', '2099-01-01')
    const json = await cli('tier', 'plan', '--file', file, '--json')
    expect(json.status).toBe(0)
    const { plan } = JSON.parse(json.stdout)
    expect(plan).toMatchObject({
      today: today(),
      current: { version: '2026', effectiveFrom: '2026-01-01' },
      proposed: { version: '2099', effectiveFrom: '2099-01-01' },
      basePointsPerFen: 0.01,
      dryRun: { members: 3, up: 0, down: 1, same: 2, before: { basic: 1, silver: 1, gold: 1 }, after: { basic: 2, gold: 1 } },
    })
    expect(plan.dryRun.costAfterFen).toBeLessThan(plan.dryRun.costBeforeFen)
    const text = await cli('tier', 'plan', '--file', file)
    expect(text.stdout).toContain('proposed version 2099')
    expect(text.stdout).toMatch(/silver\s+银杏会员\s+1\s+0/)
    expect(text.stdout).toMatch(/basic\s+青柚会员\s+1\s+2/)
    expect(text.stdout).toContain('up 0, down 1, same 2')
    expect(await storedConfig()).toBeUndefined()
  })

  test('the dry run takes the base points rate from the earning rules', async () => {
    const rules = path.join(dataDir, 'earning.json')
    writeFileSync(rules, JSON.stringify({ rate: { yuan: 2, points: 5 } }))
    expect((await cli('config', 'set', '--earning', rules)).status).toBe(0)
    const { plan } = JSON.parse((await cli('tier', 'plan', '--file', ladderFile('2099', '2099-01-01'), '--json')).stdout)
    expect(plan.basePointsPerFen).toBe(5 / 200)
  })

  test('an invalid ladder is refused with every problem and where it is', async () => {
    const file = ladderFile('2099', '2099-01-01', (levels) => {
      levels[1].id = 'Silver!'
      levels[2].id = levels[3].id
      levels[3].benefits.discountPercent = 95
    })
    const res = await cli('tier', 'plan', '--file', file)
    expect(res).toMatchObject({ status: 1, stdout: '' })
    expect(res.stderr).toContain('levels.1.id: 等级 id 应为小写字母开头')
    expect(res.stderr).toContain('levels.3.benefits.discountPercent')
    expect(res.stderr).toContain('等级 id 重复：black')
    const missing = await cli('tier', 'plan', '--file', path.join(dataDir, 'nope.json'))
    expect(missing).toMatchObject({ status: 1 })
    expect(missing.stderr).toContain('cannot read')
    expect((await cli('tier', 'plan')).stderr).toContain('--file is required')
  })

  test('tier publish shows the dry run and saves only with --yes; refuses a duplicate version or a past start', async () => {
    await seedTiers()
    const file = ladderFile('2099', '2099-01-01')
    const preview = await cli('tier', 'publish', '--file', file, '--json')
    expect(JSON.parse(preview.stdout)).toMatchObject({ saved: false, plan: { dryRun: { members: 3, down: 1 } } })
    expect(await storedConfig()).toBeUndefined()
    expect((await cli('tier', 'publish', '--file', file)).stdout).toContain('not saved: run again with --yes')

    const saved = await cli('tier', 'publish', '--file', file, '--yes', '--json')
    expect(saved.status).toBe(0)
    expect(JSON.parse(saved.stdout)).toMatchObject({
      saved: true,
      versions: [
        { version: '2026', effectiveFrom: '2026-01-01' },
        { version: '2099', effectiveFrom: '2099-01-01' },
      ],
    })
    const config = await storedConfig()
    expect(config!.versions.map((v: { version: string }) => v.version)).toEqual(['2026', '2099'])
    expect(config!.versions[1].levels[1].retain).toEqual({ spendFen: 180_000 })

    const again = await cli('tier', 'publish', '--file', file, '--yes')
    expect(again).toMatchObject({ status: 1, stdout: '' })
    expect(again.stderr).toContain('version 2099 already exists')
    const past = await cli('tier', 'publish', '--file', ladderFile('2100', addDays(today(), -1)), '--yes')
    expect(past).toMatchObject({ status: 1 })
    expect(past.stderr).toContain('is before today')
    expect((await storedConfig())!.versions).toHaveLength(2)
    expect((await cli('tier', 'publish', '--file', ladderFile('2101', today()), '--yes')).status).toBe(0)
  })

  test('tier grant sets a level by hand: a floor, or a level until the review', async () => {
    const seeded = JSON.parse((await cli('seed', 'demo', '--json')).stdout)
    const [a, b] = seeded.members
    const floor = await cli('tier', 'grant', '--member', a.memberNo, '--level', 'gold', '--kind', 'floor', '--reason', '合作伙伴', '--json')
    expect(floor.status).toBe(0)
    expect(JSON.parse(floor.stdout)).toMatchObject({ memberNo: a.memberNo, from: 'basic', levelId: 'gold', kind: 'floor', reason: '合作伙伴' })
    const status = await withRuntime(async (rt) => rt.functions.get('tier')!({ action: 'status' }, { identity: { openid: a.openid, unionid: null } }))
    expect(status).toMatchObject({ ok: true, data: { level: { id: 'gold' }, manual: { levelId: 'gold', kind: 'floor' } } })

    const once = JSON.parse((await cli('tier', 'grant', '--member', b.memberNo, '--level', 'silver', '--kind', 'until-review', '--reason', '补偿', '--json')).stdout)
    expect(once).toMatchObject({ levelId: 'silver', kind: 'until-review', reviewOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) })
    const stored = await withRuntime(async (rt) => rt.store.rawGet(MEMBER_TIERS, once.memberId) as unknown as MemberTier)
    expect(stored).toMatchObject({ levelId: 'silver', manual: { kind: 'untilReview', by: 'cli', reason: '补偿' } })
  })

  test.each([
    [['--member', 'M1', '--level', 'gold', '--kind', 'forever', '--reason', 'x'], /--kind is floor or until-review/],
    [['--member', 'nobody', '--level', 'gold', '--kind', 'floor', '--reason', 'x'], /no member with number nobody/],
    [['--member', 'M1', '--level', 'gold', '--kind', 'floor'], /--reason is required/],
  ])('tier grant %j fails', async (args, message) => {
    const res = await cli('tier', 'grant', ...args)
    expect(res).toMatchObject({ status: 1, stdout: '' })
    expect(res.stderr).toMatch(message)
  })

  test('tier grant of a level the programme does not have names the levels', async () => {
    const [a] = JSON.parse((await cli('seed', 'demo', '--json')).stdout).members
    const res = await cli('tier', 'grant', '--member', a.memberNo, '--level', 'platinum', '--kind', 'floor', '--reason', 'x')
    expect(res).toMatchObject({ status: 1 })
    expect(res.stderr).toContain('no level "platinum" in version 2026: levels are basic, silver, gold, black')
  })
})

describe('job tier-review from the command line and the local server', () => {
  test('npm run cli -- job tier-review --json prints the summary', async () => {
    const res = await cli('job', 'tier-review', '--json')
    expect(res.status).toBe(0)
    expect(JSON.parse(res.stdout)).toEqual({ today: today(), reviewed: 0, kept: 0, grace: 0, steppedDown: 0, warned: 0, messages: 0, skipped: 0, failed: 0, expired: 0 })
  })

  test('POST /_dev/jobs/tier-review runs it at the server clock', async () => {
    await withRuntime(async (rt) => {
      const t: MemberTier = { ...tier('m-black', 'black', []), since: '2026-03-01', reviewOn: '2027-03-01' }
      const { _id, ...data } = t
      await rt.deps.db.collection(MEMBER_TIERS).doc(_id).set(data)
      // The member behind it, with an opt-in of the template the notice spends (issue 9).
      const { _id: id, ...member } = newMemberRecord({ id: _id, openid: t.openid, unionid: null, phone: '13700000001', phoneSimulated: false, memberNo: '2000000001', profile: {}, now: new Date() })
      await rt.deps.db.collection(MEMBERS).doc(id).set(member)
      await grantConsent(rt.deps, id, { 'tier-changed': 1 })
    })
    const server = await startServer({ port: 0, dataDir, mode: 'local', quiet: true, log: { error: () => {} } })
    try {
      const post = (url: string, body: object = {}) =>
        fetch(server.url + url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json())
      await post('/_dev/clock', { now: '2027-03-01T00:30:00+08:00', frozen: true })
      expect(await post('/_dev/jobs/tier-review')).toEqual({
        ok: true,
        data: { today: '2027-03-01', reviewed: 1, kept: 0, grace: 1, steppedDown: 0, warned: 0, messages: 1, skipped: 0, failed: 0, expired: 0 },
      })
      const outbox = await fetch(server.url + '/_dev/outbox').then((r) => r.json())
      expect(outbox[0]).toMatchObject({ channel: 'subscribe', to: 'o-m-black', template: 'tier-changed', kind: 'tier-changed', memberId: 'm-black' })
      expect(outbox[0].text).toContain('保级宽限期至3月15日')
    } finally {
      await server.close()
    }
  })
})
