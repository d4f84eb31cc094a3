import { fail, ok } from '../../shared/errors'
import { toMemberView } from '../../shared/member/member-record'
import { currentAccount } from '../_lib/ledger'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'

/** member.me: the caller's own membership, full phone number included, with the live points balance. */
export const me: Handler<'member', 'me'> = async (_input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const account = await currentAccount(deps.db, member._id, now)
  return ok(toMemberView(member, { viewer: 'owner', points: account.balance }))
}
