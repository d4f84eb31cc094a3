import '@nutui/nutui-react-taro/dist/es/packages/progress/style/style.css'
import { Progress } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useCallback, useState } from 'react'
import type { TierStatusView } from '@shared/tier/schemas'
import { yuanText } from '@shared/money'
import Field from '../../components/Field'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Locale, type Messages } from '../../i18n'
import { call, type CallError } from '../../services/api'
import { useChannel } from '../../services/channel'
import { CellGroup, Input, Tag } from '../../ui'
import { useWhatIf, type WhatIfState } from './useWhatIf'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

type State = { kind: 'loading' } | { kind: 'unregistered' } | { kind: 'error'; error: CallError } | { kind: 'ready'; status: TierStatusView }
type Level = TierStatusView['level']
type Criteria = NonNullable<TierStatusView['toNext']>
type Text2 = { zh: string; en: string }

const pick = (text: Text2, locale: Locale) => (locale === 'en' ? text.en : text.zh)

/** The member's level: where they stand, progress to the next level and to keeping this one, the ladder, and a "what if I spend" calculator. */
export default function TierPage() {
  useChannel()
  const { t, locale } = useI18n()
  const join = useJoinHere()
  usePageTitle(t.tier.title)
  const [state, setState] = useState<State>({ kind: 'loading' })
  // The calculator answers for the member's standing as loaded: a reload asks again.
  const whatIf = useWhatIf(state.kind === 'ready' ? state.status : null)

  const load = useCallback(async () => {
    const res = await call('tier', 'status', {})
    if (res.ok) setState({ kind: 'ready', status: res.data })
    else if (res.error.code === 'NOT_REGISTERED') setState({ kind: 'unregistered' })
    else setState({ kind: 'error', error: res.error })
  }, [])

  // On every show, so a purchase credited meanwhile shows when the member comes back.
  useDidShow(() => void load())

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => (setState({ kind: 'loading' }), load())} />
  if (state.kind === 'unregistered') {
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  const { status } = state
  const floor = status.manual?.kind === 'floor' && status.manual.levelId === status.level.id
  return (
    <View className='page tier'>
      <View className='tier__face'>
        <Text className='tier__label'>{t.tier.current}</Text>
        <Text id='tier-level' className='tier__level'>
          {pick(status.level.name, locale)}
        </Text>
        <Text id='tier-sentence' className='tier__sentence'>
          {pick(status.sentence, locale)}
        </Text>
      </View>

      {status.next && status.toNext && (
        <View id='tier-to-next' className='tier__section'>
          <View className='section-title'>{t.tier.toNextTitle(pick(status.next.name, locale))}</View>
          <CriteriaBars id='tier-next' progress={status.toNext} t={t} />
        </View>
      )}

      {status.toKeep && (
        <View id='tier-to-keep' className='tier__section'>
          <View className='section-title'>{t.tier.toKeepTitle(pick(status.level.name, locale))}</View>
          <CriteriaBars id='tier-keep' progress={status.toKeep} t={t} />
        </View>
      )}

      <View className='tier__dates'>
        {floor && <Text id='tier-floor'>{t.tier.floor}</Text>}
        {status.reviewOn && <Text id='tier-review'>{t.tier.reviewOn(status.reviewOn)}</Text>}
        {status.graceUntil && <Text id='tier-grace'>{t.tier.graceUntil(status.graceUntil)}</Text>}
        {status.countsUntil && <Text className='tier__note'>{t.tier.countsUntil(status.countsUntil)}</Text>}
        <Text className='tier__note'>{t.tier.windowNote(status.windowDays)}</Text>
      </View>

      <View className='tier__section'>
        <View className='section-title'>{t.tier.whatIfTitle}</View>
        <CellGroup>
          <Field label={t.tier.whatIfLabel}>
            <Input id='tier-whatif' type='digit' maxLength={14} placeholder={t.tier.whatIfPlaceholder} value={whatIf.text} onChange={whatIf.setText} />
          </Field>
        </CellGroup>
        <WhatIfAnswer state={whatIf.state} t={t} locale={locale} />
      </View>

      <View className='tier__section'>
        <View className='section-title'>{t.tier.ladderTitle}</View>
        <View id='tier-ladder' className='tier__list'>
          {status.ladder.map((level) => (
            <LadderLevel key={level.id} level={level} current={level.id === status.level.id} t={t} locale={locale} />
          ))}
        </View>
      </View>
    </View>
  )
}

/** One bar per criterion the rule asks: spend, visit days, and the longest gap between visits (a limit, so a full bar means none to spare). */
function CriteriaBars({ id, progress, t }: { id: string; progress: Criteria; t: Messages }) {
  const { spendFen, visitDays, maxGapDays } = progress
  return (
    <View id={`${id}-criteria`} className='tier__list tier__criteria' data-met={progress.met}>
      {spendFen.need !== null && (
        <Bar id={`${id}-spend`} label={t.tier.spend} value={t.tier.spendValue(yuanText(spendFen.have), yuanText(spendFen.need))} have={spendFen.have} need={spendFen.need} met={spendFen.have >= spendFen.need} t={t} />
      )}
      {visitDays.need !== null && (
        <Bar id={`${id}-visits`} label={t.tier.visitDays} value={t.tier.visitDaysValue(visitDays.have, visitDays.need)} have={visitDays.have} need={visitDays.need} met={visitDays.have >= visitDays.need} t={t} />
      )}
      {maxGapDays.limit !== null && (
        <Bar id={`${id}-gap`} label={t.tier.maxGap} value={t.tier.maxGapValue(maxGapDays.have, maxGapDays.limit)} have={maxGapDays.have} need={maxGapDays.limit} met={maxGapDays.have <= maxGapDays.limit} limit t={t} />
      )}
    </View>
  )
}

function Bar({ id, label, value, have, need, met, limit = false, t }: { id: string; label: string; value: string; have: number; need: number; met: boolean; limit?: boolean; t: Messages }) {
  const percent = need <= 0 ? 100 : Math.min(100, Math.round((have / need) * 100))
  // A spend or visits bar fills toward the goal; a gap bar fills toward the limit, red once past it.
  const color = limit ? (met ? '#faad14' : '#fa2c19') : met ? '#52c41a' : '#fa2c19'
  return (
    <View id={id} className='tier-bar' data-met={met} data-percent={percent}>
      <View className='tier-bar__head'>
        <Text className='tier-bar__label'>{label}</Text>
        <Text id={`${id}-value`} className='tier-bar__value'>
          {value}
          {met && !limit ? ` · ${t.tier.met}` : ''}
        </Text>
      </View>
      <Progress percent={percent} color={color} background='#f0f0f0' strokeWidth='12' />
    </View>
  )
}

function WhatIfAnswer({ state, t, locale }: { state: WhatIfState; t: Messages; locale: Locale }) {
  if (state.kind === 'idle') return <Text className='tier__note'>{t.tier.whatIfHint}</Text>
  if (state.kind === 'invalid')
    return (
      <Text id='tier-whatif-invalid' className='tier__note tier__note--error'>
        {t.tier.amountError[state.error]}
      </Text>
    )
  if (state.kind === 'error')
    return (
      <Text id='tier-whatif-error' className='tier__note tier__note--error'>
        {state.error.message}
      </Text>
    )
  const result = state.kind === 'ready' ? state.result : state.last
  if (!result) return <Text className='tier__note'>{t.tier.whatIfLoading}</Text>
  return (
    <View id='tier-whatif-result' className={`tier__answer${state.kind === 'pending' ? ' tier__answer--pending' : ''}${result.upgrades ? ' tier__answer--up' : ''}`} data-pending={state.kind === 'pending'} data-level={result.levelId}>
      {pick(result.sentence, locale)}
    </View>
  )
}

function LadderLevel({ level, current, t, locale }: { level: Level; current: boolean; t: Messages; locale: Locale }) {
  const { qualify, benefits } = level
  const rule = [
    qualify.spendFen !== undefined ? t.tier.ruleSpend(yuanText(qualify.spendFen)) : '',
    qualify.visitDays !== undefined ? t.tier.ruleVisits(qualify.visitDays) : '',
    qualify.maxGapDays !== undefined ? t.tier.ruleGap(qualify.maxGapDays) : '',
  ].filter(Boolean)
  const perks = [
    t.tier.pointsMultiplier(benefits.pointsMultiplier),
    benefits.discountPercent > 0 ? t.tier.discount(benefits.discountPercent) : '',
    benefits.birthdayGift ? t.tier.birthdayGift(benefits.birthdayGift) : '',
    benefits.freeItems.length > 0 ? t.tier.freeItems(benefits.freeItems) : '',
  ].filter(Boolean)
  return (
    <View id={`tier-ladder-${level.id}`} className={`tier-level${current ? ' tier-level--current' : ''}`} data-current={current}>
      <View className='tier-level__head'>
        <Text className='tier-level__name'>{pick(level.name, locale)}</Text>
        {current && (
          <Tag type='warning' round>
            {t.tier.currentBadge}
          </Tag>
        )}
      </View>
      <Text className='tier-level__rule'>{level.rank === 0 || rule.length === 0 ? t.tier.qualifyBase : t.tier.qualify(rule)}</Text>
      <View className='tier-level__perks'>
        {perks.map((p) => (
          <Text key={p} className='tier-level__perk'>
            {p}
          </Text>
        ))}
      </View>
    </View>
  )
}
