import { issuable } from '../../shared/coupon/coupon'
import { addDays, shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import type { Prize } from '../../shared/game/schemas'
import { itemPool } from '../../shared/mall/item'
import { isOpen, nextSpin, prizeAt, spinsLeft, thankYou, totalWeight, type SpinDay } from '../../shared/game/wheel'
import { earn, spend, type Change } from '../../shared/points/account'
import { EntryIds } from '../../shared/points/ledger-entry'
import type { SpinResult } from '../../shared/game/schemas'
import { issueCoupons, loadTemplate } from '../_lib/coupons'
import { emitOrder } from '../_lib/events'
import { budgetPool, GAME_DAYS, GAME_SPINS, loadWheel, prizePool, type SpinRecord } from '../_lib/games'
import { appendEntries, loadAccount, saveAccount } from '../_lib/ledger'
import { loadItem, MALL_ORDERS } from '../_lib/mall'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { fromPool, SHARD_EMPTY, takeUnits } from '../_lib/stock'
import { commit, rollback, withTransaction } from '../_lib/transaction'
import { prizeOrder } from './prize-order'
import { prizeView } from './prize-view'

/** How long points won on the wheel stay usable. */
const WON_POINTS_DAYS = 365

/**
 * game.spin: one spin of a wheel. The draw is a cryptographic random number over the prizes'
 * weights (the disclosed odds). One transaction then counts the spin against the day's limit
 * (`game_days`, the per-member lock), takes the cost once the free spins are used, takes what the
 * prize needs from its pool (the wheel's points budget, or a coupon prize's stock: one shard, so
 * racing spins can never overspend either; an item prize takes a unit of the item's own stock and
 * becomes a free pickup order), pays the prize and records the spin. A prize whose pool
 * has run out pays "thank you" instead, and the record keeps both the draw and what was paid.
 */
export const spin: Handler<'game', 'spin'> = async ({ wheelId }, { deps, identity, now }) => {
  const { db } = deps
  const member = await memberByOpenid(db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const w = await loadWheel(db, wheelId)
  if (!w) return fail('GAME_NOT_FOUND')
  if (!isOpen(w, now)) return fail('GAME_CLOSED')
  const today = shanghaiDay(now)
  const dayId = `${member._id}:${w.id}:${today}`
  const seen = ((await db.collection(GAME_DAYS).doc(dayId).get()).data as SpinDay[])[0] ?? { spins: 0, free: 0 }
  if (!nextSpin(w, seen)) return fail('SPIN_LIMIT_REACHED')

  const total = totalWeight(w)
  const roll = deps.ids.draw(total)
  const drawn = prizeAt(w, roll)
  const template = drawn.kind === 'coupon' ? await loadTemplate(db, drawn.couponTemplateId!) : null
  const item = drawn.kind === 'item' ? await loadItem(db, drawn.itemId!) : null
  const source = { kind: 'member' as const, id: member.openid, storeId: null }

  const attempt = (prize: Prize, shard: { id: string; quantity: number } | null) =>
    withTransaction<Result<{ record: SpinRecord; balance: number; day: SpinDay }> | typeof SHARD_EMPTY>(db, async (tx) => {
      const day = ((await tx.collection(GAME_DAYS).doc(dayId).get()).data as SpinDay | null) ?? { spins: 0, free: 0 }
      const next = nextSpin(w, day)
      if (!next) return rollback(fail('SPIN_LIMIT_REACHED'))
      if (shard && !(await takeUnits(tx, shard.id, shard.quantity))) return rollback(SHARD_EMPTY)
      const spinId = `${dayId}:${day.spins + 1}`
      let account = await loadAccount(tx, member._id)
      const changes: Change[] = []
      if (next.cost > 0) {
        const paid = spend(account, { entryId: EntryIds.gameCost(spinId), points: next.cost, source, reason: `${w.title}：抽奖`, now })
        if ('error' in paid) return rollback(fail('INSUFFICIENT_POINTS', `可用积分不足：抽一次需要 ${next.cost} 分`))
        changes.push(paid)
        account = paid.account
      }
      const wonPoints = prize.kind === 'points' ? prize.points! : 0
      if (wonPoints > 0) {
        const won = earn(account, {
          entryId: EntryIds.gameWin(spinId),
          points: wonPoints,
          expiresOn: addDays(today, WON_POINTS_DAYS - 1),
          availableOn: null,
          orderKey: null,
          source,
          reason: `${w.title}：抽中 ${prize.label}`,
          now,
        })
        changes.push(won)
        account = won.account
      }
      if (changes.length > 0) {
        await saveAccount(tx, account)
        await appendEntries(tx, changes.flatMap((c) => c.entries))
      }
      const coupons =
        prize.kind === 'coupon' && template ? await issueCoupons(tx, deps, template, member, { channel: 'campaign', issueKey: `game:${spinId}`, count: 1, now }) : null
      const order = prize.kind === 'item' && item && shard ? prizeOrder(item, { code: deps.ids.code(), member, spinId, shardId: shard.id, now }) : null
      if (order) await tx.collection(MALL_ORDERS).add(order)
      if (order) await emitOrder(tx, order, 'created') // webhooks
      const after: SpinDay = { spins: day.spins + 1, free: day.free + (next.free ? 1 : 0) }
      await tx.collection(GAME_DAYS).doc(dayId).set({ ...after, memberId: member._id, wheelId: w.id, day: today })
      const record: SpinRecord = {
        _id: spinId,
        memberId: member._id,
        wheelId: w.id,
        day: today,
        roll,
        totalWeight: total,
        drawnPrizeId: drawn.id,
        prizeId: prize.id,
        free: next.free,
        costPoints: next.cost,
        wonPoints,
        couponCodes: coupons?.map((c) => c._id) ?? [],
        orderCode: order?._id ?? null,
        at: now,
      }
      await tx.collection(GAME_SPINS).add(record)
      return commit(ok({ record, balance: account.balance, day: after }))
    })

  // What the drawn prize needs: points from the budget, a unit of a capped coupon prize, or one of the item's own stock.
  const need =
    drawn.kind === 'points' && w.budgetPoints !== null
      ? { pool: budgetPool(w.id), quantity: drawn.points! }
      : drawn.kind === 'coupon' && drawn.stock !== null
        ? { pool: prizePool(w.id, drawn.id), quantity: 1 }
        : drawn.kind === 'item'
          ? { pool: itemPool(drawn.itemId!), quantity: 1 }
          : null
  // A coupon prize whose template is gone or over, or an item that is not goods for pickup, pays "thank you".
  const payable =
    drawn.kind === 'coupon'
      ? template !== null && issuable(template, today) === null
      : drawn.kind === 'item'
        ? item !== null && item.active && item.kind === 'goods' && item.fulfilment === 'pickup'
        : true
  let result = !payable
    ? SHARD_EMPTY
    : need
      ? await fromPool(db, need.pool, need.quantity, (id) => attempt(drawn, { id, quantity: need.quantity }))
      : await attempt(drawn, null)
  if (result === SHARD_EMPTY) result = await attempt(thankYou(w), null)
  if (result === SHARD_EMPTY) throw new Error('a spin without a pool found its pool empty')
  if (!result.ok) return result
  const { record, balance, day } = result.data
  const paid = w.prizes.find((p) => p.id === record.prizeId)!
  const answer: SpinResult = {
    spinId: record._id,
    prize: prizeView(w, paid),
    fellBack: record.prizeId !== record.drawnPrizeId,
    drawnPrizeId: record.drawnPrizeId,
    free: record.free,
    costPoints: record.costPoints,
    wonPoints: record.wonPoints,
    couponCodes: record.couponCodes,
    orderCode: record.orderCode,
    balance,
    ...spinsLeft(w, day),
  }
  return ok(answer)
}
