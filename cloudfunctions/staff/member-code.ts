import { fail, ok, type Result } from '../../shared/errors'
import { verifyMemberCode } from '../../shared/member/member-code'
import type { MemberRecord } from '../../shared/member/member-record'
import type { Deps } from '../_lib/deps'
import { memberByNo } from '../_lib/members'

/**
 * The member a scanned code names: MEMBER_CODE_INVALID when malformed or forged (including a code
 * moved to another member's number), MEMBER_CODE_EXPIRED, MEMBER_NOT_FOUND when no such member.
 */
export async function memberFromCode(deps: Deps, code: string, now: Date): Promise<Result<MemberRecord>> {
  const check = verifyMemberCode(code, now, deps.sign)
  if (!check.ok) return fail(check.reason === 'EXPIRED' ? 'MEMBER_CODE_EXPIRED' : 'MEMBER_CODE_INVALID')
  const member = await memberByNo(deps.db, check.memberNo)
  return member ? ok(member) : fail('MEMBER_NOT_FOUND')
}
