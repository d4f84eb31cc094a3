import { fail, ok } from '../../shared/errors'
import { displayName } from '../../shared/member/member-record'
import type { Referral } from '../../shared/share/referral'
import { memberByOpenid, memberById } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { INVITE_STATS, INVITES, REFERRALS, type InviteStats } from '../_lib/share'

/** share.stats: friends who joined with the caller's code, those paid for, and the points it earned. */
export const stats: Handler<'share', 'stats'> = async (_input, { deps, identity }) => {
  const { db } = deps
  const member = await memberByOpenid(db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const [codeRes, statsRes, friendsRes] = await Promise.all([
    db.collection(INVITES).doc(member._id).get(),
    db.collection(INVITE_STATS).doc(member._id).get(),
    db.collection(REFERRALS).where({ inviterId: member._id }).limit(100).get(),
  ])
  const code = ((codeRes.data as Array<{ code: string }>)[0]?.code ?? null) as string | null
  const s = ((statsRes.data as InviteStats[])[0] ?? { joined: 0, rewarded: 0, points: 0 }) as InviteStats
  const referrals = (friendsRes.data as Referral[]).sort((a, b) => new Date(b.joinedAt).getTime() - new Date(a.joinedAt).getTime())
  const friends = await Promise.all(
    referrals.map(async (r) => {
      const friend = await memberById(db, r.inviteeId)
      // Friends are named as the card names them to others: never their phone.
      return { nickname: friend ? displayName(friend) : '会员', joinedAt: new Date(r.joinedAt).toISOString(), rewarded: r.status === 'rewarded', status: r.status }
    }),
  )
  return ok({ code, joined: s.joined, rewarded: s.rewarded, pending: referrals.filter((r) => r.status === 'joined').length, pointsEarned: s.points, friends })
}
