import { fail, ok } from '../../shared/errors'
import { displayName } from '../../shared/member/member-record'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { inviteCodeFor, loadShareRules } from '../_lib/share'

/** The page a friend lands on: registration, with the code (kept through to `member.register`). */
export const INVITE_PAGE = '/pages/register/index'

/** share.invite: the caller's invite code, the path to share, and the poster's mini-program code. Members only. */
export const invite: Handler<'share', 'invite'> = async (_input, { deps, identity }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const [code, rules] = await Promise.all([inviteCodeFor(deps, member), loadShareRules(deps.db)])
  const image = (await deps.miniCode.image(INVITE_PAGE, code)) ?? ''
  return ok({
    code,
    path: `${INVITE_PAGE}?invite=${code}&from=invite`,
    image,
    title: `${displayName(member)}邀请你加入会员，注册即得 ${rules.invitee.points} 积分`,
    rules: { inviterPoints: rules.inviter.points, inviteePoints: rules.invitee.points, payOn: rules.payOn },
  })
}
