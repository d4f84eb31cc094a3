import { csvLine } from '../../shared/member/import-row'
import type { MemberRecord } from '../../shared/member/member-record'
import type { Account } from '../../shared/points/account'
import type { LedgerEntry } from '../../shared/points/ledger-entry'
import type { MemberTier } from '../../shared/tier/member-tier'
import type { Database } from './deps'
import { ACCOUNTS, LEDGER } from './ledger'
import { MEMBERS } from './members'
import { MEMBER_TIERS } from './tiers'
import { isUnclaimed } from '../../shared/member/member-record'

/** Rows per export page: one call's worth, read 1,000 documents a query (CloudBase's most). */
export const EXPORT_PAGE_ROWS = 5_000
const QUERY_LIMIT = 1_000
const BOM = '\uFEFF'

export type ExportKind = 'members' | 'ledger'

export interface ExportPage {
  csv: string
  rows: number
  /** The last `_id` of the page, or null when nothing follows. */
  nextCursor: string | null
}

/** An instant as Asia/Shanghai wall-clock time, as a spreadsheet shows it: 2027-01-31 10:00:00. */
export const shanghaiTime = (at: Date | string): string => new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')

const HEADERS: Record<ExportKind, string[]> = {
  members: ['会员ID', '会员号', '手机号', '姓名', '生日', '性别', '地区', '等级', '积分', '导入', '已认领', '注册时间'],
  ledger: ['流水ID', '会员ID', '序号', '类型', '积分', '原因', '来源', '操作人', '门店', '订单', '有效期至', '冲正', '时间'],
}

/** Up to `n` documents of `collection` after `_id` cursor, in `_id` order, a query of 1,000 at a time. */
async function pageAfter<T extends { _id: string }>(db: Database, collection: string, cursor: string, n: number): Promise<T[]> {
  const _ = db.command
  const out: T[] = []
  let after = cursor
  while (out.length < n) {
    const want = Math.min(QUERY_LIMIT, n - out.length)
    const res = await db.collection(collection).where({ _id: _.gt(after) }).orderBy('_id', 'asc').limit(want).get()
    const docs = res.data as T[]
    out.push(...docs)
    if (docs.length < want) break
    after = docs[docs.length - 1]._id
  }
  return out
}

/** Documents of `collection` with these `_id`s, by id. */
async function byIds<T extends { _id: string }>(db: Database, collection: string, ids: string[]): Promise<Map<string, T>> {
  const _ = db.command
  const found = new Map<string, T>()
  for (let i = 0; i < ids.length; i += QUERY_LIMIT) {
    const res = await db.collection(collection).where({ _id: _.in(ids.slice(i, i + QUERY_LIMIT)) }).limit(QUERY_LIMIT).get()
    for (const d of res.data as T[]) found.set(d._id, d)
  }
  return found
}

async function memberLines(db: Database, members: MemberRecord[]): Promise<string[]> {
  const ids = members.map((m) => m._id)
  const accounts = await byIds<Account>(db, ACCOUNTS, ids)
  const tiers = await byIds<MemberTier>(db, MEMBER_TIERS, ids)
  return members.map((m) =>
    csvLine([
      m._id,
      m.memberNo,
      m.phone,
      m.nickname,
      m.birthday,
      m.gender,
      m.region.join('/'),
      tiers.get(m._id)?.levelId ?? '',
      accounts.get(m._id)?.balance ?? 0,
      m.imported ? '是' : '',
      m.imported ? (isUnclaimed(m) ? '否' : '是') : '',
      shanghaiTime(m.registeredAt),
    ]),
  )
}

const ledgerLine = (e: LedgerEntry) =>
  csvLine([
    e._id,
    e.memberId,
    e.seq,
    e.kind,
    e.points,
    e.reason,
    e.source.kind,
    e.source.id,
    e.source.storeId,
    e.orderKey,
    e.lot?.expiresOn,
    e.voids,
    shanghaiTime(e.createdAt),
  ])

/**
 * One page of an export: up to 5,000 rows after `cursor` (a `_id`), as CSV lines ending CRLF; the
 * first page (no cursor) starts with a BOM and the header so Excel reads the Chinese right.
 */
export async function exportPage(db: Database, kind: ExportKind, cursor?: string): Promise<ExportPage> {
  const first = cursor === undefined || cursor === ''
  const collection = kind === 'members' ? MEMBERS : LEDGER
  // One more than a page, to know whether another follows without an empty last call.
  const docs = await pageAfter<MemberRecord & LedgerEntry>(db, collection, cursor ?? '', EXPORT_PAGE_ROWS + 1)
  const page = docs.slice(0, EXPORT_PAGE_ROWS)
  const lines = kind === 'members' ? await memberLines(db, page) : page.map(ledgerLine)
  const head = first ? [`${BOM}${csvLine(HEADERS[kind])}`] : []
  const all = [...head, ...lines]
  return {
    csv: all.length ? `${all.join('\r\n')}\r\n` : '',
    rows: page.length,
    nextCursor: docs.length > EXPORT_PAGE_ROWS ? page[page.length - 1]._id : null,
  }
}
