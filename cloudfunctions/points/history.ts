import { fail, ok } from '../../shared/errors'
import { toEntryView, type LedgerEntry } from '../../shared/points/ledger-entry'
import { currentAccount, LEDGER } from '../_lib/ledger'
import { memberByOpenid } from '../_lib/members'
import type { Handler } from '../_lib/router'

export const HISTORY_PAGE_SIZE = 20

/**
 * points.history: the caller's ledger, newest first, 20 entries a page. The cursor is the `seq` of
 * the last entry returned; entries are numbered per member as they are written, so pages neither
 * repeat nor skip entries when new ones arrive while the member scrolls.
 */
export const history: Handler<'points', 'history'> = async (input, { deps, identity, now }) => {
  if (input.cursor !== undefined && !/^[1-9]\d{0,14}$/.test(input.cursor)) return fail('INVALID_INPUT', '翻页游标无效', 'cursor')
  const member = await memberByOpenid(deps.db, identity.openid)
  if (!member) return fail('NOT_REGISTERED')
  // The first page writes any expiry that is due, so the history shows it.
  if (input.cursor === undefined) await currentAccount(deps.db, member._id, now)
  const _ = deps.db.command
  const filter = input.cursor === undefined ? { memberId: member._id } : { memberId: member._id, seq: _.lt(Number(input.cursor)) }
  const res = await deps.db.collection(LEDGER).where(filter).orderBy('seq', 'desc').limit(HISTORY_PAGE_SIZE + 1).get()
  const rows = res.data as LedgerEntry[]
  const page = rows.slice(0, HISTORY_PAGE_SIZE)
  return ok({
    entries: page.map(toEntryView),
    nextCursor: rows.length > HISTORY_PAGE_SIZE ? String(page[page.length - 1].seq) : null,
  })
}
