import { Text, View } from '@tarojs/components'
import { useCallback, useState } from 'react'
import type { StaffView } from '@shared/staff/schemas'
import { usePageTitle } from '../../i18n'
import { call } from '../../services/api'
import { shanghaiDateTime } from '../../services/time'
import FilteredList from '../components/FilteredList'
import StaffGate from '../components/StaffGate'
import StaffHeader from '../components/StaffHeader'
import { useStaffI18n } from '../i18n'
import { fenToYuan } from '../../services/money'
import { field, useLoad } from '../useLoad'
import './index.scss'

const periods = [1, 7, 31]

/** Managers: bursts, credits outside opening hours, and one member credited by one clerk far more than usual. */
export default function AnomaliesPage() {
  const { s } = useStaffI18n()
  usePageTitle(s.anomaliesTitle)
  return <StaffGate managerOnly>{(staff) => <Anomalies staff={staff} />}</StaffGate>
}

function Anomalies({ staff }: { staff: StaffView }) {
  const { s } = useStaffI18n()
  const [days, setDays] = useState(7)
  const { state: list, reload: load } = useLoad(useCallback(() => call('staff', 'anomalies', { days }).then((r) => field(r, 'anomalies')), [days]))

  return (
    <View className='page staff-page'>
      <StaffHeader staff={staff} current='anomalies' />
      <FilteredList
        idPrefix='anomalies'
        filters={periods.map((d) => ({ id: `anomalies-days-${d}`, label: s.daysBack(d), value: d }))}
        filter={days}
        onFilter={setDays}
        state={list}
        onRetry={load}
        emptyTitle={s.noAnomalies}
      >
        {(a, i) => (
          <View key={`${a.kind}-${a.staffOpenid}-${a.from}-${i}`} id={`anomaly-${i}`} className='staff-card staff-anomaly' data-kind={a.kind}>
            <Text className='staff-anomaly__kind'>{s.anomalyKind[a.kind]}</Text>
            <Text className='staff-anomaly__detail'>{a.detail}</Text>
            <Text className='staff-card__meta'>{s.anomalyStats(a.count, fenToYuan(a.amountFen))}</Text>
            <Text className='staff-card__meta'>
              {s.approvalBy(a.staffOpenid)} · {shanghaiDateTime(a.from)} – {shanghaiDateTime(a.to)}
            </Text>
          </View>
        )}
      </FilteredList>
    </View>
  )
}
