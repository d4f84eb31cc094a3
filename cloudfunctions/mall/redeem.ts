import { shanghaiDay } from '../../shared/day'
import { fail, ok, type Result } from '../../shared/errors'
import { pickupBy, redeemRefusal, salePlan, visibleTo } from '../../shared/mall/item'
import { initialStatus, toOrderView, type MallOrderRecord } from '../../shared/mall/order'
import type { MallItem, RedeemInput, RedeemResult } from '../../shared/mall/schemas'
import { spend, spendableNow } from '../../shared/points/account'
import { EntryIds } from '../../shared/points/ledger-entry'
import { issuable } from '../../shared/coupon/coupon'
import { issueCoupons, loadTemplate } from '../_lib/coupons'
import type { Deps } from '../_lib/deps'
import { emitOrder } from '../_lib/events'
import { appendEntries, loadAccount, readAccount, saveAccount } from '../_lib/ledger'
import { loadItem, MALL_LIMITS, MALL_ORDERS, MALL_REQUESTS, orderView, takeVouchers } from '../_lib/mall'
import { storeNamesFor } from '../_lib/staff-records'
import type { Handler } from '../_lib/router'
import { fromPool, readPool, SHARD_EMPTY, takeUnits } from '../_lib/stock'
import { commit, rollback, withTransaction } from '../_lib/transaction'
import { shopper } from './shopper'

type Attempt = Result<RedeemResult> | typeof SHARD_EMPTY

/** A repeated requestId: the first order, if it was for the same thing. */
async function repeated(deps: Deps, requestKey: string, input: RedeemInput, orderCode: string): Promise<Result<RedeemResult>> {
  const order = ((await deps.db.collection(MALL_ORDERS).doc(orderCode).get()).data as MallOrderRecord[])[0]
  if (!order) throw new Error(`request ${requestKey} points at a missing order ${orderCode}`)
  if (order.itemId !== input.itemId || order.quantity !== input.quantity) return fail('REQUEST_ID_REUSED')
  const account = await readAccount(deps.db, order.memberId)
  return ok({ order: await orderView(deps.db, order), balance: account.balance, available: spendableNow(account, shanghaiDay(deps.now())), duplicate: true })
}

/**
 * mall.redeem: points (and stock) for an item, exactly once per `requestId`. The checks that can be
 * made from reads (visibility, window, limit, stock, points) answer losers at once; a buyer who may
 * win then runs ONE transaction over the request record, their limit counter, one stock shard,
 * their account and ledger, and the new order (plus the coupons or partner codes it delivers).
 * The transaction checks limit, stock and points again where it writes them, so racing buyers
 * can never oversell, overspend or pass their limit. Buyers of one shard queue in this process
 * (hot-keys.ts) rather than collide; a shard emptied meanwhile sends the buyer to the next one.
 */
export const redeem: Handler<'mall', 'redeem'> = async (input, ctx) => {
  const { deps, now } = ctx
  const { db } = deps
  const me = await shopper(ctx)
  if (!me.ok) return me
  const { member } = me.data
  const requestKey = `${member._id}:${input.requestId}`
  const seen = ((await db.collection(MALL_REQUESTS).doc(requestKey).get()).data as Array<{ orderCode: string }>)[0]
  if (seen) return repeated(deps, requestKey, input, seen.orderCode)

  const item = await loadItem(db, input.itemId)
  if (!item || !visibleTo(item, me.data.level.id, now)) return fail('ITEM_NOT_FOUND')
  if (item.fulfilment === 'delivery' && !input.address) return fail('ADDRESS_REQUIRED')
  const plan = salePlan(item, now)
  const points = plan.points * input.quantity
  const limitId = `${member._id}:${plan.limitKey}`
  const pool = await readPool(db, plan.poolId)
  const refusal = redeemRefusal(item, plan, {
    quantity: input.quantity,
    stock: pool.reduce((s, x) => s + x.remaining, 0),
    bought: me.data.bought.get(plan.limitKey) ?? 0,
    available: me.data.available,
    now,
  })
  if (refusal) return fail(refusal, refusalMessage(refusal, item, plan.perMemberLimit))
  const template = item.kind === 'coupon' ? await loadTemplate(db, item.couponTemplateId!) : null
  if (item.kind === 'coupon' && !template) throw new Error(`item ${item.id}: coupon template ${item.couponTemplateId} is missing`)
  const today = shanghaiDay(now)
  const names = await storeNamesFor(db, [item.fulfilment === 'pickup' ? item.storeIds : null])
  // Points for a coupon that is already over (or a stopped template) would buy nothing.
  const stopped = template && issuable(template, today)
  if (stopped) return fail(stopped)

  const attempt = (shardId: string) =>
    withTransaction<Attempt>(db, async (tx) => {
      const again = (await tx.collection(MALL_REQUESTS).doc(requestKey).get()).data as { orderCode: string } | null
      if (again) return rollback(await repeated(deps, requestKey, input, again.orderCode))
      const limit = (await tx.collection(MALL_LIMITS).doc(limitId).get()).data as { count: number } | null
      const bought = limit?.count ?? 0
      if (plan.perMemberLimit !== null && bought + input.quantity > plan.perMemberLimit)
        return rollback(fail('LIMIT_REACHED', refusalMessage('LIMIT_REACHED', item, plan.perMemberLimit)))
      const shard = await takeUnits(tx, shardId, input.quantity)
      if (!shard) return rollback(SHARD_EMPTY)

      const code = deps.ids.code()
      let account = await loadAccount(tx, member._id)
      let spendEntryId: string | null = null
      if (points > 0) {
        const change = spend(account, { entryId: EntryIds.redeem(code), points, source: { kind: 'member', id: member.openid, storeId: null }, reason: `积分兑换：${item.title}`, now, orderKey: `mall:${code}` })
        if ('error' in change) return rollback(fail('INSUFFICIENT_POINTS', `可用积分不足：需要 ${points} 分，可用 ${change.available} 分`))
        await saveAccount(tx, change.account)
        await appendEntries(tx, change.entries)
        account = change.account
        spendEntryId = EntryIds.redeem(code)
      }
      const coupons = template
        ? await issueCoupons(tx, deps, template, member, { channel: 'mall', issueKey: `mall:${code}`, count: input.quantity, now })
        : null
      const voucherCodes = item.kind === 'voucher' ? await takeVouchers(tx, shard, input.quantity) : []
      const order: MallOrderRecord = {
        _id: code,
        memberId: member._id,
        openid: member.openid,
        requestKey,
        itemId: item.id,
        title: item.title,
        image: item.images[0] ?? null,
        kind: item.kind,
        fulfilment: item.fulfilment,
        quantity: input.quantity,
        unitPoints: plan.points,
        unitFen: plan.fen,
        points,
        fen: plan.fen * input.quantity,
        flashId: plan.flash?.id ?? null,
        shardId,
        limitId,
        spendEntryId,
        status: initialStatus(item.kind, item.fulfilment),
        pickupBy: item.fulfilment === 'pickup' ? pickupBy(item, now) : null,
        storeIds: item.fulfilment === 'pickup' ? item.storeIds : null,
        address: item.fulfilment === 'delivery' ? input.address! : null,
        couponCodes: coupons?.map((c) => c._id) ?? [],
        voucherCodes,
        tracking: null,
        createdAt: now,
        fulfilledAt: item.kind === 'goods' ? null : now,
        fulfilledBy: null,
        fulfilledStoreId: null,
        closedAt: null,
        closeReason: null,
      }
      await tx.collection(MALL_ORDERS).add(order)
      await emitOrder(tx, order, 'created') // webhooks
      await tx.collection(MALL_REQUESTS).add({ _id: requestKey, orderCode: code, at: now })
      await tx.collection(MALL_LIMITS).doc(limitId).set({ memberId: member._id, limitKey: plan.limitKey, count: bought + input.quantity, updatedAt: now })
      return commit(ok({ order: toOrderView(order, names), balance: account.balance, available: spendableNow(account, today), duplicate: false }))
    })

  const result = await fromPool(db, plan.poolId, input.quantity, attempt, pool)
  if (result !== SHARD_EMPTY) return result
  // A twin of this call (same requestId) may have taken the last unit: it answers for both.
  const twin = ((await db.collection(MALL_REQUESTS).doc(requestKey).get()).data as Array<{ orderCode: string }>)[0]
  if (twin) return repeated(deps, requestKey, input, twin.orderCode)
  return fail('OUT_OF_STOCK', refusalMessage('OUT_OF_STOCK', item, plan.perMemberLimit))
}

function refusalMessage(code: string, item: MallItem, limit: number | null): string | undefined {
  if (code === 'OUT_OF_STOCK') return item.flash ? '手慢了，已被抢光' : '已兑完，请关注补货'
  if (code === 'LIMIT_REACHED' && limit !== null) return `每人限兑 ${limit} 件，您已达上限`
  if (code === 'QUANTITY_TOO_LARGE') return `单次最多兑换 ${item.maxPerOrder} 件`
  return undefined
}
