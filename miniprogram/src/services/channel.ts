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

/**
 * The invite code a friend's link or poster carried (`?invite=`, or `?scene=` from a mini-program
 * code), kept until registration sends it: the visitor may look around before joining.
 */
export function readInvite(): string | undefined {
  return readJson<{ code: string }>(StorageKeys.invite)?.code
}

/** Call once per page: records `from` and an invite code when the page was opened by a link that carries them. */
export function useChannel(): void {
  const { params, path } = useRouter()
  const from = params.from
  const invite = params.invite ?? params.scene
  useEffect(() => {
    if (from) recordChannel(decodeURIComponent(from), path.split('?')[0])
  }, [from, path])
  useEffect(() => {
    if (invite) writeJson(StorageKeys.invite, { code: decodeURIComponent(invite).slice(0, 32) })
  }, [invite])
}
