import { fail, ok } from '../../shared/errors'
import { toMemberView } from '../../shared/member/member-record'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'

/** member.me: the caller's own membership, full phone number included. */
export const me: Handler<'member', 'me'> = async (_input, { deps, identity }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  return member ? ok(toMemberView(member, { viewer: 'owner' })) : fail('NOT_REGISTERED')
}
