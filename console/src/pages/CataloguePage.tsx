import { Card, Tabs } from 'antd'
import type { CatalogueKind } from '../../../shared/admin/schemas'
import { CatalogueTable } from '../catalogue/CatalogueTable'
import { KINDS } from '../catalogue/kinds'

/** 优惠券, 积分商城, 游戏, 门店与员工: one table per kind (tabs when a menu entry has two). */
export function CataloguePage({ kinds }: { kinds: CatalogueKind[] }) {
  if (kinds.length === 1) {
    return (
      <Card title={KINDS[kinds[0]].label} key={kinds[0]}>
        <CatalogueTable kind={kinds[0]} />
      </Card>
    )
  }
  return (
    <Card key={kinds.join()}>
      <Tabs destroyOnHidden items={kinds.map((k) => ({ key: k, label: KINDS[k].label, children: <CatalogueTable kind={k} /> }))} />
    </Card>
  )
}
