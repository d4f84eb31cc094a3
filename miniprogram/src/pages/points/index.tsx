import { Text, View } from '@tarojs/components'
import { useDidShow, useReachBottom } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { LedgerEntryView, PointsSummary } from '@shared/points/schemas'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { shanghaiDateTime } from '../../services/time'
import { usePointsHistory } from './usePointsHistory'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

type Summary = { kind: 'loading' } | { kind: 'unregistered' } | { kind: 'error'; error: CallError } | { kind: 'ready'; summary: PointsSummary }

/** The member's points: balance, pending and expiring amounts by date, and the ledger with infinite scroll. */
export default function PointsPage() {
  useChannel()
  const { t } = useI18n()
  const join = useJoinHere()
  usePageTitle(t.points.title)
  const [state, setState] = useState<Summary>({ kind: 'loading' })
  const history = usePointsHistory()
  const { reload: reloadHistory, loadMore } = history

  const load = useCallback(async () => {
    void reloadHistory()
    const res = await call('points', 'summary', {})
    if (res.ok) setState({ kind: 'ready', summary: res.data })
    else if (res.error.code === 'NOT_REGISTERED') setState({ kind: 'unregistered' })
    else setState({ kind: 'error', error: res.error })
  }, [reloadHistory])

  useDidShow(() => void load())
  useReachBottom(() => void loadMore())

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => (setState({ kind: 'loading' }), load())} />
  if (state.kind === 'unregistered') {
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  const { summary } = state
  return (
    <View className='page points'>
      <View className='points__face'>
        <Text className='points__label'>{t.points.balance}</Text>
        <Text id='points-balance' className='points__balance'>
          {summary.balance}
        </Text>
        <View className='points__split'>
          <Text>
            {t.points.available} <Text id='points-available'>{summary.available}</Text>
          </Text>
          <Text>
            {t.points.pending} <Text id='points-pending'>{summary.pending}</Text>
          </Text>
        </View>
      </View>

      {summary.shortfall > 0 && (
        <View id='points-shortfall' className='points__notice points__notice--warn'>
          {t.points.shortfall(summary.shortfall)}
        </View>
      )}
      {summary.expiringSoon > 0 && (
        <View id='points-expiring-soon' className='points__notice'>
          {t.points.expiringSoon(summary.expiringSoon, summary.expiringSoonDays)}
        </View>
      )}

      {summary.pendingLots.length > 0 && (
        <View className='points__section'>
          <View className='section-title'>{t.points.pendingTitle}</View>
          <View id='points-pending-lots' className='points__list'>
            {summary.pendingLots.map((lot, i) => (
              <View key={lot.availableOn} id={`points-pending-${i}`} className='points__row'>
                {t.points.pendingLot(lot.points, lot.availableOn)}
              </View>
            ))}
          </View>
          <Text className='points__note'>{t.points.pendingNote}</Text>
        </View>
      )}

      <View className='points__section'>
        <View className='section-title'>{t.points.expiriesTitle}</View>
        <View id='points-expiries' className='points__list'>
          {summary.expiries.length === 0 ? (
            <View className='points__row points__row--muted'>{t.points.noExpiries}</View>
          ) : (
            summary.expiries.map((e, i) => (
              <View key={e.date} id={`points-expiry-${i}`} className='points__row'>
                {t.points.expiryLot(e.points, e.date)}
              </View>
            ))
          )}
        </View>
      </View>

      <View className='points__section'>
        <View className='section-title'>{t.points.historyTitle}</View>
        <View id='points-history' className='points__list'>
          {history.error ? (
            <PageState state='error' error={history.error} onRetry={history.reload} />
          ) : history.loaded && history.entries.length === 0 ? (
            <View id='points-history-empty' className='points__empty'>
              <Text>{t.points.historyEmpty}</Text>
              <Text className='points__note'>{t.points.historyEmptyHint}</Text>
            </View>
          ) : (
            history.entries.map((entry, i) => <Entry key={entry.id} index={i} entry={entry} t={t} />)
          )}
        </View>
        <HistoryFooter history={history} t={t} />
      </View>
    </View>
  )
}

function Entry({ entry, index, t }: { entry: LedgerEntryView; index: number; t: Messages }) {
  const label = t.points.kind[entry.kind]
  const notes = [
    entry.reason && entry.reason !== label ? entry.reason : '',
    entry.kind === 'earn' && entry.availableOn ? t.points.availableFrom(entry.availableOn) : '',
    // An operator's addition (`adjust`) makes a lot too: its last day is shown as an earning's is.
    (entry.kind === 'earn' || entry.kind === 'adjust') && entry.expiresOn ? t.points.validUntil(entry.expiresOn) : '',
  ].filter(Boolean)
  return (
    <View id={`points-entry-${index}`} className='points-entry' data-kind={entry.kind}>
      <View className='points-entry__main'>
        <Text className='points-entry__kind'>{label}</Text>
        {notes.map((n) => (
          <Text key={n} className='points-entry__note'>
            {n}
          </Text>
        ))}
        <Text className='points-entry__time'>{shanghaiDateTime(entry.createdAt)}</Text>
      </View>
      <Text className={`points-entry__points${entry.points < 0 ? ' points-entry__points--minus' : ''}`}>
        {entry.points > 0 ? `+${entry.points}` : entry.points}
      </Text>
    </View>
  )
}

function HistoryFooter({ history, t }: { history: ReturnType<typeof usePointsHistory>; t: Messages }) {
  if (history.error || (history.loaded && history.entries.length === 0)) return null
  if (history.loading) {
    return (
      <View id='points-history-loading' className='points__footer'>
        {t.points.loadingMore}
      </View>
    )
  }
  if (history.moreError) {
    return (
      <View id='points-history-more-error' className='points__footer points__footer--link' onClick={() => void history.loadMore()}>
        {t.points.moreError}
      </View>
    )
  }
  // Reaching the bottom loads the next page; the link is for a first page too short to scroll.
  if (history.nextCursor) {
    return (
      <View id='points-history-more' className='points__footer points__footer--link' onClick={() => void history.loadMore()}>
        {t.points.loadMore}
      </View>
    )
  }
  return (
    <View id='points-history-end' className='points__footer'>
      {t.points.end}
    </View>
  )
}
