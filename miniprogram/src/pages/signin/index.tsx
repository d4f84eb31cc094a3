import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { daysBetween } from '@shared/day'
import type { CalendarResult, DayReward } from '@shared/signin/schemas'
import PageState from '../../components/PageState'
import { useI18n, usePageTitle, type Messages } from '../../i18n'
import { useChannel } from '../../services/channel'
import { Button } from '../../ui'
import CheckInReward from './CheckInReward'
import SubscribePrompt from '../../components/SubscribePrompt'
import MonthCalendar from './MonthCalendar'
import { useSignin } from './useSignin'
import './index.scss'
import { useJoinHere } from '../../services/useJoinHere'

/** The daily check-in: the streak, the button, what it just earned, the next 7 days' rewards and the month's calendar. */
export default function SigninPage() {
  useChannel()
  const { t } = useI18n()
  const join = useJoinHere()
  const s = t.signin
  usePageTitle(s.title)
  const { calendar: state, checkIn, showMonth, reload, retry, submit } = useSignin()

  // On every show, so a check-in made elsewhere (or a new day) shows when the member comes back.
  useDidShow(() => void reload())

  if (state.kind === 'loading') return <PageState state='loading' />
  if (state.kind === 'error') return <PageState state='error' error={state.error} onRetry={() => void retry()} />
  if (state.kind === 'unregistered') {
    return <PageState state='empty' title={t.card.emptyTitle} action={{ label: t.register.title, onClick: join }} />
  }

  const { calendar } = state
  const { rules } = calendar
  const done = calendar.signedToday
  const rulesLine = s.rules(
    rules.dailyPoints,
    [...rules.streakRewards].sort((a, b) => a.day - b.day).map((r) => ({ day: r.day, points: r.points, coupon: r.couponTemplateId !== null })),
    rules.cycleDays,
  )
  return (
    <View id='signin' className='page signin' data-signed-today={done} data-streak={calendar.streak}>
      <View className='signin__face'>
        <Text className='signin__label'>{s.streakLabel}</Text>
        <View className='signin__streak'>
          <Text id='signin-streak' className='signin__streak-days'>
            {calendar.streak}
          </Text>
          <Text className='signin__streak-unit'>{s.streakUnit(calendar.streak)}</Text>
        </View>
        <Text id='signin-rules' className='signin__rules'>
          {rulesLine}
        </Text>
      </View>

      <Button id='signin-button' type='primary' size='xlarge' block disabled={done} loading={checkIn.kind === 'sending'} onClick={() => void submit()}>
        {done ? s.checkedIn : s.checkIn}
      </Button>
      {checkIn.kind === 'error' && (
        <Text id='signin-error' className='signin__error' data-code={checkIn.error.code}>
          {checkIn.error.message}
        </Text>
      )}
      {checkIn.kind === 'done' && <CheckInReward result={checkIn.result} t={t} />}
      <SubscribePrompt moment='checkin' trigger={checkIn.kind === 'done' && !checkIn.result.already} />

      <View className='section-title'>{s.upcomingTitle}</View>
      <Upcoming calendar={calendar} t={t} />

      <MonthCalendar calendar={calendar} switching={state.switching} error={state.monthError} t={t} onMonth={(m) => void showMonth(m)} />
    </View>
  )
}

/** The next 7 check-ins if the streak holds (from today when not yet signed, else from tomorrow); bonus days stand out. */
function Upcoming({ calendar, t }: { calendar: CalendarResult; t: Messages }) {
  const s = t.signin
  const label = (r: DayReward) => {
    const offset = daysBetween(calendar.today, r.day)
    if (offset === 0) return s.today
    if (offset === 1) return s.tomorrow
    const [, m, d] = r.day.split('-').map(Number)
    return s.shortDate(m, d)
  }
  return (
    <View className='signin__upcoming-wrap'>
      <View id='signin-upcoming' className='signin-upcoming'>
        {calendar.upcoming.map((r, i) => {
          const bonus = r.bonusPoints > 0 || r.couponTemplateId !== null
          return (
            <View key={r.day} id={`signin-upcoming-${i}`} className={`signin-upcoming__day${bonus ? ' signin-upcoming__day--bonus' : ''}`} data-day={r.day} data-bonus={bonus}>
              <Text className='signin-upcoming__when'>{label(r)}</Text>
              <Text id={`signin-upcoming-${i}-points`} className='signin-upcoming__points'>
                {s.dayPoints(r.points)}
              </Text>
              <Text className='signin-upcoming__streak'>{r.couponTemplateId ? s.coupon : s.streakDay(r.streak)}</Text>
            </View>
          )
        })}
      </View>
      <Text className='signin__note'>{s.upcomingNote}</Text>
    </View>
  )
}
