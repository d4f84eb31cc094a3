import type { Database } from './deps'
import { forEachById } from './paging'

/**
 * `member_tags/<memberId>`: `{ tags, updatedAt, by }`, the tags operators gave a member by hand
 * (admin.tagMember). Untagging keeps the document with `tags: []`, so a change is always seen by
 * `updatedAt` (index): segments overlay the tags changed since the snapshot's run began.
 */
export const MEMBER_TAGS = 'member_tags'

export interface MemberTagsDoc {
  _id: string
  tags: string[]
  updatedAt: Date
  /** The operator's openid. */
  by: string
}

export async function tagsOf(db: Database, memberId: string): Promise<string[]> {
  const doc = (await db.collection(MEMBER_TAGS).doc(memberId).get()).data as MemberTagsDoc[]
  return doc[0]?.tags ?? []
}

/** The tags of every member changed at or after `since`. Few members are tagged by hand, fewer in a day. */
export async function tagsChangedSince(db: Database, since: Date): Promise<Map<string, string[]>> {
  const changed = new Map<string, string[]>()
  await forEachById<MemberTagsDoc>(db, MEMBER_TAGS, { updatedAt: db.command.gte(since) }, 1000, async (d) => {
    changed.set(d._id, d.tags)
  })
  return changed
}

/** Every tag in use, with how many members carry it, most used first. */
export async function tagCounts(db: Database): Promise<Array<{ tag: string; members: number }>> {
  const counts = new Map<string, number>()
  await forEachById<MemberTagsDoc>(db, MEMBER_TAGS, {}, 1000, async (d) => {
    for (const t of d.tags) counts.set(t, (counts.get(t) ?? 0) + 1)
  })
  return [...counts].map(([tag, members]) => ({ tag, members })).sort((a, b) => b.members - a.members || (a.tag < b.tag ? -1 : 1))
}
