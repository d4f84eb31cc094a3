import { Text, View } from '@tarojs/components'
import type { CalendarResult } from '@shared/signin/schemas'
import type { Messages } from '../../../i18n'
import type { CallError } from '../../../services/api'
import { monthCells, shiftMonth } from '../month'

type Props = {
  calendar: CalendarResult
  switching: boolean
  error?: CallError
  t: Messages
  onMonth: (month: string) => void
}

/** One month, Monday first: signed days carry the points they earned, today is ringed; no paging past this month. */
export default function MonthCalendar({ calendar, switching, error, t, onMonth }: Props) {
  const { month, today } = calendar
  const s = t.signin
  const [y, m] = month.split('-').map(Number)
  const earned = new Map(calendar.signed.map((d) => [d.day, d.points]))
  const atCurrent = month >= today.slice(0, 7)
  const go = (n: number) => () => {
    if (!switching && !(n > 0 && atCurrent)) onMonth(shiftMonth(month, n))
  }

  return (
    <View id='signin-calendar' className={`signin-calendar${switching ? ' signin-calendar--switching' : ''}`} data-month={month} data-switching={switching}>
      <View className='signin-calendar__head'>
        <Text id='signin-month-prev' className='signin-calendar__nav' onClick={go(-1)}>
          {s.prevMonth}
        </Text>
        <Text id='signin-month' className='signin-calendar__title'>
          {s.monthTitle(y, m)}
        </Text>
        <Text id='signin-month-next' className={`signin-calendar__nav${atCurrent ? ' signin-calendar__nav--off' : ''}`} data-disabled={atCurrent} onClick={go(1)}>
          {s.nextMonth}
        </Text>
      </View>
      <View className='signin-calendar__grid'>
        {s.weekdays.map((w) => (
          <Text key={w} className='signin-calendar__weekday'>
            {w}
          </Text>
        ))}
        {monthCells(month).map((day, i) => {
          if (!day) return <View key={`blank-${i}`} className='signin-calendar__cell' />
          const points = earned.get(day)
          const signed = points !== undefined
          const cls = ['signin-calendar__cell', 'signin-calendar__day', signed && 'signin-calendar__day--signed', day === today && 'signin-calendar__day--today', day > today && 'signin-calendar__day--future']
          return (
            <View key={day} id={`signin-day-${day}`} className={cls.filter(Boolean).join(' ')} data-signed={signed} data-today={day === today}>
              <Text className='signin-calendar__number'>{Number(day.slice(8))}</Text>
              {signed && (
                <Text id={`signin-day-${day}-points`} className='signin-calendar__points'>
                  {s.dayPoints(points)}
                </Text>
              )}
            </View>
          )
        })}
      </View>
      <Text id='signin-month-count' className='signin-calendar__foot'>
        {s.monthCount(calendar.signed.length)}
      </Text>
      {error && (
        <Text id='signin-month-error' className='signin-calendar__error'>
          {error.message}
        </Text>
      )}
    </View>
  )
}
