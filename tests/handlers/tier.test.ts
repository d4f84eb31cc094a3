import { definition as tierDefinition } from '../../cloudfunctions/tier'
import type { MemberTier } from '../../shared/tier/member-tier'
import { AccrueResult, TillMemberView } from '../../shared/staff/schemas'
import { TierStatusView, WhatIfResult } from '../../shared/tier/schemas'
import type { Envelope } from './harness'
import { openTill, type Till } from './till'

/** Demo ladder (shared/tier/programme.ts): 青柚 (base) → 银杏 at ¥2,000 → 金桂 at ¥6,000 and 6 visit days → 墨玉. */
const CLERK = 'openid-clerk'
const MANAGER = 'openid-manager'
const ALICE = 'openid-alice'

let t: Till
let tier: (openid: string, event: object) => Promise<Envelope>
beforeEach(async () => {
  t = openTill()
  const fn = tierDefinition.build(t.deps)
  tier = (openid, event) => fn(event, { identity: { openid, unionid: null } }) as Promise<Envelope>
  await t.staff(CLERK, 'store-a', 'clerk')
  await t.staff(MANAGER, 'store-a', 'manager')
  await t.register(ALICE, '13812345678')
  await t.asMember(ALICE, { action: 'consent', subscribe: [{ template: 'tier-changed', result: 'accept' }, { template: 'tier-changed', result: 'accept' }] })
})
afterEach(() => t.close())

async function accrue(orderId: string, amountFen: number) {
  t.nextCode()
  const res = await t.call(CLERK, { action: 'accrue', memberCode: await t.code(ALICE), orderId, amountFen })
  if (!res.ok) throw new Error(`accrue ${orderId}: ${res.error.code}`)
  return AccrueResult.parse(res.data)
}
const stored = () => t.store.rawGet('member_tiers', t.memberId(ALICE)) as MemberTier | undefined
const status = async () => TierStatusView.parse(((await tier(ALICE, { action: 'status' })) as { data: unknown }).data)
// The congratulation goes through the message layer (issue 9): ALICE opts in to tier-changed in beforeEach.
const congratulations = () => t.outbox.list().filter((m) => m.channel === 'subscribe' && m.template === 'tier-changed' && m.data.kind === 'upgraded')

describe('upgrades at the till', () => {
  test('the purchase that reaches ¥2,000 lifts the member at once, in the credit, with a congratulation; the next purchase earns ×1.2', async () => {
    const first = await accrue('POS-1', 150_000)
    expect(first.upgradedTo).toBeNull()
    expect(stored()).toMatchObject({ levelId: 'basic', growth: { days: [['2027-01-31', 150_000]] } })

    const second = await accrue('POS-2', 49_999)
    expect(second.upgradedTo).toBeNull()
    const third = await accrue('POS-3', 10_000)
    expect(third.upgradedTo).toEqual({ id: 'silver', name: { zh: '银杏会员', en: 'Ginkgo' } })
    // The qualifying purchase earns at the level held before it (×1), the next one at 银杏's ×1.2.
    expect(third.points).toBe(100)
    expect(stored()).toMatchObject({ levelId: 'silver', since: '2027-01-31', reviewOn: '2028-01-31' })
    expect(t.store.rawGet('orders', 'store-a:POS-3')).toMatchObject({ upgradedTo: { id: 'silver' } })
    expect(congratulations()).toEqual([expect.objectContaining({ to: ALICE, text: expect.stringContaining('恭喜您升级为银杏会员') })])

    expect((await accrue('POS-4', 10_000)).points).toBe(120)
    expect(congratulations()).toHaveLength(1)
  })

  test('a retried credit counts once in growth and congratulates once', async () => {
    t.nextCode()
    const code = await t.code(ALICE)
    const burst = await Promise.all(Array.from({ length: 8 }, () => t.call(CLERK, { action: 'accrue', memberCode: code, orderId: 'POS-BIG', amountFen: 250_000 })))
    expect(burst.every((r) => r.ok)).toBe(true)
    expect(burst.filter((r) => r.ok && !r.data.duplicate)).toHaveLength(1)
    expect(burst.every((r) => r.ok && r.data.upgradedTo?.id === 'silver')).toBe(true)
    expect(stored()!.growth.days).toEqual([['2027-01-31', 250_000]])
    expect(congratulations()).toHaveLength(1)
  })

  test('a held credit counts toward the level only when a manager approves it, on the day it was bought', async () => {
    t.nextCode()
    const held = await t.call(CLERK, { action: 'accrue', memberCode: await t.code(ALICE), orderId: 'POS-HELD', amountFen: 600_000 })
    expect(held).toMatchObject({ ok: true, data: { status: 'pending_approval', upgradedTo: null } })
    expect(stored()?.levelId ?? 'basic').toBe('basic')
    t.advance(2 * 86_400_000)
    const approved = await t.call(MANAGER, { action: 'approve', approvalId: 'store-a:POS-HELD' })
    // ¥6,000 but one visit day: 银杏, not 金桂 (which also asks for 6 visit days).
    expect(approved).toMatchObject({ ok: true, data: { status: 'credited', upgradedTo: { id: 'silver' } } })
    expect(stored()).toMatchObject({ levelId: 'silver', growth: { days: [['2027-01-31', 600_000]] } })
  })
})

describe('refunds', () => {
  test('a refund that undoes the qualifying spend undoes the upgrade of this cycle; a partial one that leaves enough does not', async () => {
    await accrue('POS-1', 210_000)
    expect(stored()!.levelId).toBe('silver')
    expect((await t.call(CLERK, { action: 'refund', orderId: 'POS-1', amountFen: 5_000 })).ok).toBe(true)
    expect(stored()).toMatchObject({ levelId: 'silver', growth: { days: [['2027-01-31', 205_000]] } })
    t.advance(86_400_000)
    expect((await t.call(CLERK, { action: 'refund', orderId: 'POS-1', amountFen: 6_000 })).ok).toBe(true)
    expect(stored()).toMatchObject({ levelId: 'basic', reviewOn: null, growth: { days: [['2027-01-31', 199_000]] } })
    expect(stored()!.moves.map((m) => [m.from, m.to, m.why])).toEqual([
      ['basic', 'silver', 'purchase'],
      ['silver', 'basic', 'refund'],
    ])
  })
})

describe('tier.status and tier.whatIf', () => {
  test('a new member: the base level, progress toward 银杏, and one plain sentence', async () => {
    const s = await status()
    expect(s).toMatchObject({ level: { id: 'basic', rank: 0 }, next: { id: 'silver' }, toKeep: null, reviewOn: null })
    expect(s.toNext).toMatchObject({ spendFen: { have: 0, need: 200_000 }, met: false })
    expect(s.ladder.map((l) => l.id)).toEqual(['basic', 'silver', 'gold', 'black'])
    expect(s.sentence.zh).toBe('您是青柚会员，再消费 ¥2,000 即可升级为银杏会员。')
  })

  test('after an upgrade: the review day and what keeping the level asks', async () => {
    await accrue('POS-1', 210_000)
    const s = await status()
    expect(s).toMatchObject({ level: { id: 'silver', rank: 1, benefits: { discountPercent: 2 } }, reviewOn: '2028-01-31', countsUntil: '2028-01-30' })
    expect(s.toKeep).toMatchObject({ spendFen: { have: 210_000, need: 150_000 }, met: true })
    expect(s.sentence.zh).toContain('已满足保级条件')
  })

  test('what if I spend: a predicted upgrade, and nothing written', async () => {
    await accrue('POS-1', 150_000)
    const before = t.snapshot('member_tiers', 'orders', 'ledger', 'accounts')
    const res = await tier(ALICE, { action: 'whatIf', spendFen: 60_000 })
    expect(WhatIfResult.parse((res as { data: unknown }).data)).toMatchObject({ levelId: 'silver', upgrades: true })
    expect((res as { data: { sentence: { zh: string } } }).data.sentence.zh).toBe('今天消费 ¥600，您将立即升级为银杏会员。')
    const small = await tier(ALICE, { action: 'whatIf', spendFen: 100 })
    expect(small).toMatchObject({ ok: true, data: { levelId: 'basic', upgrades: false } })
    expect(t.snapshot('member_tiers', 'orders', 'ledger', 'accounts')).toBe(before)
    expect(await tier(ALICE, { action: 'whatIf', spendFen: -1 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  test('NOT_REGISTERED for someone who is not a member', async () => {
    expect(await tier('openid-stranger', { action: 'status' })).toMatchObject({ ok: false, error: { code: 'NOT_REGISTERED' } })
  })

  test('the till sees the level and its perks', async () => {
    await accrue('POS-1', 210_000)
    t.nextCode()
    const res = await t.call(CLERK, { action: 'lookup', memberCode: await t.code(ALICE) })
    expect(TillMemberView.parse((res as { data: unknown }).data)).toMatchObject({
      tier: { id: 'silver', name: { zh: '银杏会员' } },
      perks: { discountPercent: 2, freeItems: ['免费小食一份'], birthdayGift: null },
    })
  })
})
