import type { LocalRuntime } from '../scripts/server/runtime'

/** Milliseconds to one decimal, for the figures a bench prints. */
export const round = (ms: number) => Math.round(ms * 10) / 10

/** The p-th percentile of ascending `sorted` (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}

/**
 * `n` members registered in-process through `member.registerWithWeChatPhone`, exactly as a sign-up
 * writes them (the local phone simulation takes the code as the phone), then `each` for each one.
 * Returns their memberIds by index.
 */
export async function registerMembers(
  rt: LocalRuntime,
  n: number,
  who: { openidOf: (i: number) => string; phonePrefix: string },
  each?: (i: number, memberId: string) => Promise<void>,
): Promise<string[]> {
  const member = rt.functions.get('member')!
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const phone = `${who.phonePrefix}${String(i).padStart(11 - who.phonePrefix.length, '0')}`
    const r = await member({ action: 'registerWithWeChatPhone', phoneCode: phone }, { identity: { openid: who.openidOf(i), unionid: null } })
    if (!r.ok) throw new Error(`seed member ${i}: ${JSON.stringify(r)}`)
    const memberId = (r.data as { member: { memberId: string } }).member.memberId
    ids.push(memberId)
    if (each) await each(i, memberId)
  }
  return ids
}
