import Taro from '@tarojs/taro'

/** Local storage keys, in one place so nothing collides. */
export const StorageKeys = {
  devOpenid: 'huika.dev.openid',
  channel: 'huika.channel',
  invite: 'huika.invite',
  /** The day each opt-in prompt was last shown, per moment: at most once a day each. */
  consentAsked: 'huika.consent.asked',
  /** The campaigns whose opening was already reported (member.opened). */
  campaignsOpened: 'huika.campaigns.opened',
  /** The points balance the member last saw, per member: a higher one means a credit came in. */
  pointsSeen: 'huika.points.seen',
} as const

export function readJson<T>(key: string): T | undefined {
  try {
    const raw = Taro.getStorageSync(key)
    if (raw === '' || raw === undefined || raw === null) return undefined
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T
  } catch {
    return undefined
  }
}

export function writeJson(key: string, value: unknown): void {
  Taro.setStorageSync(key, JSON.stringify(value))
}
