import { useDidShow, useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { reportOpened } from './services/consent'
import './app.scss'

type Entry = { query?: Record<string, string | undefined> } | undefined

/**
 * Pages render as children; locale and services are module-level, so nothing to provide here.
 * A page opened from a campaign message carries `c=<campaignId>`: the open is reported once, at
 * launch or when the app comes back to the front from such a message.
 */
export default function App({ children }: PropsWithChildren) {
  useLaunch((o: Entry) => void reportOpened(o?.query?.c))
  useDidShow((o: Entry) => void reportOpened(o?.query?.c))
  return children
}
