import { performance } from 'node:perf_hooks'
import { daysBetween, shanghaiDay } from '../../shared/day'
import type { SegmentFilter } from '../../shared/insight/segment'
import { renderCopy } from '../../shared/marketing/copy'
import { JOURNEYS, type JourneyKey, type JourneysConfig } from '../../shared/marketing/journeys'
import { channelsOf, hasReward, PROMOTION_TEMPLATE } from '../../shared/marketing/schemas'
import { isUnclaimed } from '../../shared/member/member-record'
import type { MessageKind } from '../../shared/messaging/kinds'
import { withReward } from './campaign-message'
import { inParallel } from './campaign-send'
import { loadRecipients, type Recipient } from './campaign-recipients'
import { isDuplicate } from './db-errors'
import type { Database, Deps } from './deps'
import { deliver } from './messaging'
import { giveReward, prepareReward } from './rewards'
import { currentSnapshot, walkSegment } from './segment-walk'
import { loadSettings } from './settings'
import { loadTierConfig } from './tiers'

/**
 * The automatic journeys (issue 9): a welcome pack for new members, a birthday-month benefit and a
 * win-back offer for dormant members, run daily by the `journeys` job over the insight snapshot.
 * Each member gets each journey once per key: `welcome:<memberId>`, `birthday:<year>:<memberId>`,
 * `win-back:<memberId>:<last visit day>` (so once per dormancy). The key is the reward's issue key
 * (and `reward:<key>` its points entry) and the message's; `journey_sends/<key>` records that the
 * member was served, so the next day's run passes them by with one read per batch.
 * - `journey_sends/<key>`: `{ journey, memberId, day, at, status, channel, reason, codes, points }`,
 *   written (create-only) once the message was sent or could not be (no consent, not claimed); a
 *   capped or failed message is not recorded, so the next run tries again (the reward stays given).
 * - `journey_state/<journey>`: today's run of it: `{ day, nextChunk, done, counts, updatedAt }`.
 */
export const JOURNEY_SENDS = 'journey_sends'
export const JOURNEY_STATE = 'journey_state'

export interface JourneyCounts {
  /** Members of the segment who qualified today and were not served before. */
  members: number
  sent: number
  skipped: number
  failed: number
  rewarded: number
}
const emptyCounts = (): JourneyCounts => ({ members: 0, sent: 0, skipped: 0, failed: 0, rewarded: 0 })

export interface JourneyState {
  _id: JourneyKey
  day: string
  nextChunk: number
  done: boolean
  counts: JourneyCounts
  updatedAt: Date
}

interface JourneyRule {
  kind: MessageKind
  /** Ledger reason of its points. */
  reason: string
  /** The snapshot members to look at today. */
  filter(today: string): SegmentFilter
  /** Whether the member qualifies now (the snapshot is last night's; their record is now). */
  qualifies(r: Recipient, today: string, config: JourneysConfig): boolean
  key(r: Recipient, today: string): string
  /** The key from the id alone, where it needs nothing else: members served before are passed by unread. */
  keyOf?(memberId: string, today: string): string
}

export const JOURNEY_RULES: Record<JourneyKey, JourneyRule> = {
  welcome: {
    kind: 'welcome',
    reason: '新会员礼',
    filter: () => ({ lifecycle: ['new'] }),
    // Imported members were customers before: they are not new to the programme.
    qualifies: (r, today, c) => r.member.imported !== true && daysBetween(shanghaiDay(new Date(r.member.registeredAt)), today) < c.welcome.withinDays,
    key: (r) => `welcome:${r.member._id}`,
    keyOf: (id) => `welcome:${id}`,
  },
  birthday: {
    kind: 'birthday',
    reason: '生日礼遇',
    filter: (today) => ({ birthdayMonths: [Number(today.slice(5, 7))] }),
    qualifies: (r, today) => r.member.birthday !== null && r.member.birthday.slice(5, 7) === today.slice(5, 7),
    key: (r, today) => `birthday:${today.slice(0, 4)}:${r.member._id}`,
    keyOf: (id, today) => `birthday:${today.slice(0, 4)}:${id}`,
  },
  winBack: {
    kind: 'win-back',
    reason: '回归礼',
    filter: () => ({ lifecycle: ['dormant'] }),
    qualifies: (r) => r.facts.lifecycle === 'dormant',
    key: (r) => `win-back:${r.member._id}:${r.lastVisit ?? 'never'}`,
  },
}

async function doneKeys(db: Database, keys: string[]): Promise<Set<string>> {
  const done = new Set<string>()
  for (let i = 0; i < keys.length; i += 100) {
    const res = await db.collection(JOURNEY_SENDS).where({ _id: db.command.in(keys.slice(i, i + 100)) }).field({ _id: true }).limit(100).get()
    for (const d of res.data as Array<{ _id: string }>) done.add(d._id)
  }
  return done
}

export async function loadJourneyState(db: Database, key: JourneyKey): Promise<JourneyState | null> {
  const res = await db.collection(JOURNEY_STATE).doc(key).get()
  return ((res.data as JourneyState[])[0] ?? null) as JourneyState | null
}

/**
 * Runs one journey for today from its checkpoint, chunk by chunk, until the snapshot is read or
 * `outOfTime()`; answers today's counts so far and whether it is done.
 */
export async function runJourney(deps: Deps, key: JourneyKey, config: JourneysConfig, now: Date, outOfTime: () => boolean) {
  const { db } = deps
  const today = shanghaiDay(now)
  const rule = JOURNEY_RULES[key]
  const j = config[key]
  const state = await loadJourneyState(db, key)
  const resumed = state && state.day === today ? state : null
  if (resumed?.done) return { day: today, done: true, ...resumed.counts }
  const snapshot = await currentSnapshot(db)
  if (!snapshot) return { day: today, done: false, problem: '会员洞察尚未生成', ...emptyCounts() }
  const prepared = hasReward(j.reward) ? await prepareReward(db, j.reward, today) : null
  if (prepared?.problem) {
    deps.log.error(`journey ${key}: ${prepared.problem}`)
    return { day: today, done: false, problem: prepared.problem, ...emptyCounts() }
  }
  const [tiers, insight] = await Promise.all([loadTierConfig(db), loadSettings(db, 'insight')])
  const counts = resumed?.counts ?? emptyCounts()
  const save = (nextChunk: number, done: boolean) => db.collection(JOURNEY_STATE).doc(key).set({ day: today, nextChunk, done, counts, updatedAt: deps.now() })

  const next = await walkSegment(
    db,
    rule.filter(today),
    resumed?.nextChunk ?? 0,
    async (found, chunk) => {
      let ids = found
      if (rule.keyOf) {
        const served = await doneKeys(db, ids.map((id) => rule.keyOf!(id, today)))
        ids = ids.filter((id) => !served.has(rule.keyOf!(id, today)))
      }
      const recipients = await loadRecipients(db, ids, { tiers, insight, now })
      const due = [...recipients.values()].filter((r) => !isUnclaimed(r.member) && rule.qualifies(r, today, config))
      const done = await doneKeys(db, due.map((r) => rule.key(r, today)))
      await inParallel(
        due.filter((r) => !done.has(rule.key(r, today))),
        8,
        async (r) => {
          counts.members++
          const sendKey = rule.key(r, today)
          let given = { codes: [] as string[], points: 0, fresh: false }
          if (prepared) {
            given = await giveReward(deps, r.member, prepared, { key: sendKey, reason: rule.reason, source: { kind: 'system', id: 'journeys', storeId: null }, now })
            if (given.fresh) counts.rewarded++
          }
          const { text } = renderCopy(j.copy, withReward(r.facts, prepared))
          const outcome = await deliver(deps, {
            key: sendKey,
            memberId: r.member._id,
            kind: rule.kind,
            campaignId: null,
            channels: channelsOf(j.channel),
            template: PROMOTION_TEMPLATE,
            page: j.page,
            text,
            data: { title: rule.reason, text },
          })
          if (outcome.status === 'sent') counts.sent++
          else if (outcome.status === 'skipped') counts.skipped++
          else if (outcome.status === 'failed') counts.failed++
          // Tried again tomorrow: over the cap today, or the sender failed.
          if (outcome.status === 'failed' || (outcome.status === 'skipped' && outcome.reason === 'capped')) return
          const record = {
            _id: sendKey,
            journey: key,
            memberId: r.member._id,
            day: today,
            at: now,
            status: outcome.status,
            channel: outcome.status === 'sent' ? outcome.channel : null,
            reason: outcome.status === 'skipped' ? outcome.reason : null,
            codes: given.codes,
            points: given.points,
          }
          try {
            await db.collection(JOURNEY_SENDS).add(record)
          } catch (err) {
            if (!isDuplicate(err)) throw err // a racing run recorded it first
          }
        },
      )
      await save(chunk + 1, false)
    },
    outOfTime,
  )
  await save(next ?? snapshot.chunks, next === null)
  return { day: today, done: next === null, ...counts }
}

/** The Beijing hour of `now` (0–23). */
export const beijingHour = (now: Date) => Number(new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(11, 13))

/** Runs every enabled journey for today, while `outOfTime()` allows. */
export async function runJourneys(deps: Deps, config: JourneysConfig, now: Date, outOfTime: () => boolean) {
  const out: Partial<Record<JourneyKey, unknown>> = {}
  for (const key of JOURNEYS) {
    if (!config[key].enabled) out[key] = { enabled: false }
    else if (outOfTime()) out[key] = { done: false, timedOut: true }
    else out[key] = await runJourney(deps, key, config, now, outOfTime)
  }
  return out
}

/** A time limit for a run: `ms` from now on the process clock. */
export function deadline(ms: number): () => boolean {
  const until = performance.now() + ms
  return () => performance.now() >= until
}
