import Taro from '@tarojs/taro'

/** Local storage keys, in one place so nothing collides. */
export const StorageKeys = {
  devOpenid: 'huika.dev.openid',
  channel: 'huika.channel',
  invite: 'huika.invite',
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
