import { Result } from 'antd'
import type { ReactNode } from 'react'
import { useOperator } from '../operator'

/** Programme-wide settings are the admins' (the server answers FORBIDDEN to managers); managers get a plain note. */
export function AdminOnly({ children }: { children: ReactNode }) {
  const op = useOperator()
  if (op.allStores) return <>{children}</>
  return (
    <div id="admin-only">
      <Result status="403" title="仅管理员可修改" subTitle="积分规则、签到、邀请、积分价值和会员等级是全部门店共用的方案设置，只有管理员可以修改。" />
    </div>
  )
}
