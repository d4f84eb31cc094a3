import { shanghaiDay } from '../../shared/day'
import { fail, ok } from '../../shared/errors'
import { isOpen, spinsLeft, type SpinDay } from '../../shared/game/wheel'
import { spendableNow } from '../../shared/points/account'
import { GAME_DAYS, loadWheel } from '../_lib/games'
import { currentAccount } from '../_lib/ledger'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { prizeViews } from './prize-view'

/** game.wheel: the wheel with every prize's disclosed odds, and the caller's spins left today. */
export const wheel: Handler<'game', 'wheel'> = async ({ wheelId }, { deps, identity, now }) => {
  const { db } = deps
  const member = await memberByOpenid(db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const w = await loadWheel(db, wheelId)
  if (!w) return fail('GAME_NOT_FOUND')
  const today = shanghaiDay(now)
  const [dayRes, account] = await Promise.all([db.collection(GAME_DAYS).doc(`${member._id}:${w.id}:${today}`).get(), currentAccount(db, member._id, now)])
  const day = ((dayRes.data as SpinDay[])[0] ?? { spins: 0, free: 0 }) as SpinDay
  return ok({ id: w.id, title: w.title, costPoints: w.costPoints, prizes: prizeViews(w), ...spinsLeft(w, day), open: isOpen(w, now), available: spendableNow(account, today) })
}
