import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { StaffView } from '@shared/staff/schemas'
import { Button, Tag } from '../../../ui'
import { useStaffI18n } from '../../i18n'
import { isManager } from '../StaffGate'
import './index.scss'

type Page = 'scan' | 'writeoff' | 'fulfil' | 'refund' | 'approvals' | 'anomalies'

const urls: Record<Page, string> = {
  scan: '/staff/scan/index',
  writeoff: '/staff/writeoff/index',
  fulfil: '/staff/fulfil/index',
  refund: '/staff/refund/index',
  approvals: '/staff/approvals/index',
  anomalies: '/staff/anomalies/index',
}

/** Who is at the till, for which store, and the other staff pages (approvals and anomalies for managers). */
export default function StaffHeader({ staff, current }: { staff: StaffView; current: Page }) {
  const { s } = useStaffI18n()
  const counter: Page[] = ['scan', 'writeoff', 'fulfil', 'refund']
  const pages: Page[] = isManager(staff) ? [...counter, 'approvals', 'anomalies'] : counter
  return (
    <View id='staff-header' className='staff-header'>
      <View className='staff-header__who'>
        <Text id='staff-store'>{s.store(staff.storeName ?? staff.storeId)}</Text>
        <Tag type='primary' plain>
          <Text id='staff-role'>{s.role[staff.role]}</Text>
        </Tag>
        {staff.name && <Text className='staff-header__name'>{staff.name}</Text>}
      </View>
      <View className='staff-header__nav'>
        {pages
          .filter((p) => p !== current)
          .map((p) => (
            <Button key={p} id={`staff-open-${p}`} size='small' fill='outline' onClick={() => Taro.redirectTo({ url: urls[p] })}>
              {s.nav[p]}
            </Button>
          ))}
      </View>
    </View>
  )
}
