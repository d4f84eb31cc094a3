import { fail, ok } from '../../shared/errors'
import { issueMemberCode } from '../../shared/member/member-code'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'

/** member.code: the card's rotating code, signed with the server secret; the card refreshes it before expiresAt. */
export const code: Handler<'member', 'code'> = async (_input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const issued = issueMemberCode(member.memberNo, now, deps.sign)
  return ok({ code: issued.code, expiresAt: issued.expiresAt.toISOString() })
}
