import { useRouter } from '@tarojs/taro'
import { useEffect } from 'react'
import { StorageKeys, readJson, writeJson } from './storage'

/** Where a member came from (`?from=menu` on a deep link), kept locally for later analytics. */
export type ChannelVisit = { from: string; page: string; at: string }
export type ChannelRecord = { first: ChannelVisit; last: ChannelVisit }

export function recordChannel(from: string, page: string, at: Date = new Date()): ChannelRecord {
  const visit: ChannelVisit = { from: from.slice(0, 64), page, at: at.toISOString() }
  const prev = readJson<ChannelRecord>(StorageKeys.channel)
  const next = { first: prev?.first ?? visit, last: visit }
  writeJson(StorageKeys.channel, next)
  return next
}

export function readChannel(): ChannelRecord | undefined {
  return readJson<ChannelRecord>(StorageKeys.channel)
}

/** Call once per page: records `from` when the page was opened by a link that carries it. */
export function useChannel(): void {
  const { params, path } = useRouter()
  const from = params.from
  useEffect(() => {
    if (from) recordChannel(decodeURIComponent(from), path.split('?')[0])
  }, [from, path])
}
