import { shanghaiDay } from '@shared/day'
import type { ConsentInput, ConsentsView } from '@shared/messaging/api'
import { call } from './api'
import { StorageKeys, readJson, writeJson } from './storage'

export type ConsentMoment = NonNullable<ConsentInput['moment']>
export type AskTemplate = ConsentsView['ask'][number]
export type OptInAnswer = { template: string; result: 'accept' | 'reject' }

/**
 * Subscribe opt-ins are scarce (one message each), so the app asks where members are most willing:
 * right after a credit or a check-in. Each of those prompts shows at most once a day (Asia/Shanghai).
 */
export function askedToday(moment: ConsentMoment, now: Date = new Date()): boolean {
  return readJson<Partial<Record<ConsentMoment, string>>>(StorageKeys.consentAsked)?.[moment] === shanghaiDay(now)
}

export function markAsked(moment: ConsentMoment, now: Date = new Date()): void {
  writeJson(StorageKeys.consentAsked, { ...readJson<Record<string, string>>(StorageKeys.consentAsked), [moment]: shanghaiDay(now) })
}

export const loadConsents = () => call('member', 'consents', {})

export const sendAnswers = (moment: ConsentMoment, subscribe: OptInAnswer[]) => call('member', 'consent', { moment, subscribe })

export const setSmsConsent = (on: boolean) => call('member', 'consent', { moment: 'profile', sms: on })

/**
 * The card saw `points` for `memberId`: true when that is more than the member saw last time on
 * this device (a credit came in). The first look only records the balance.
 */
export function creditSinceLastSeen(memberId: string, points: number): boolean {
  const seen = readJson<Record<string, number>>(StorageKeys.pointsSeen) ?? {}
  const before = seen[memberId]
  if (before !== points) writeJson(StorageKeys.pointsSeen, { ...seen, [memberId]: points })
  return before !== undefined && points > before
}

const OPENS_KEPT = 50
/** Launch and show both carry the entry query: one report in flight per campaign is enough. */
const reporting = new Set<string>()

/**
 * A page opened from a campaign message carries `c=<campaignId>`: reports the open once per
 * campaign on this device (the server keeps only the first open anyway). Fire and forget.
 */
export async function reportOpened(campaignId: string | undefined): Promise<void> {
  const id = campaignId ? decodeURIComponent(campaignId).trim().slice(0, 64) : ''
  if (!id) return
  const done = readJson<string[]>(StorageKeys.campaignsOpened) ?? []
  if (done.includes(id) || reporting.has(id)) return
  reporting.add(id)
  const res = await call('member', 'opened', { campaignId: id })
  reporting.delete(id)
  if (res.ok) writeJson(StorageKeys.campaignsOpened, [id, ...(readJson<string[]>(StorageKeys.campaignsOpened) ?? [])].slice(0, OPENS_KEPT))
}
