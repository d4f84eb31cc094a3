import { fail, ok } from '../../shared/errors'
import { profileChanges, toMemberView } from '../../shared/member/member-record'
import { readAccount } from '../_lib/ledger'
import { MEMBERS, memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'
import { tierBadge } from '../_lib/tiers'

/** member.updateProfile {nickname?, birthday?, gender?, region?}: edits the caller's own profile. */
export const updateProfile: Handler<'member', 'updateProfile'> = async (input, { deps, identity, now }) => {
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  const changes = profileChanges(input, now)
  await deps.db.collection(MEMBERS).doc(member._id).update(changes)
  const [account, tier] = await Promise.all([readAccount(deps.db, member._id), tierBadge(deps.db, member, now)])
  return ok(toMemberView({ ...member, ...changes }, { viewer: 'owner', points: account.balance, tier }))
}
