import { Button, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import type { CatalogueKind } from '../../../shared/admin/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { cell } from '../format'
import { CatalogueDrawer } from './CatalogueDrawer'
import { KINDS, rowKey } from './kinds'
import { Restock } from './Restock'

type Row = Record<string, unknown>

/** Column titles for what the list adds to the documents. */
const DERIVED: Record<string, string> = { stockLeft: '剩余库存', flashLeft: '抢购剩余', left: '剩余可领' }

/** One catalogue kind (admin.catalogue) as a table, with a drawer to create or edit and, for items, restocking. */
export function CatalogueTable({ kind }: { kind: CatalogueKind }) {
  const spec = KINDS[kind]
  const list = useLoad(() => call('catalogue', { kind }), [kind])
  const [editing, setEditing] = useState<Row | 'new' | null>(null)
  const [restocking, setRestocking] = useState<string | null>(null)
  const label = (name: string) => spec.fields.find((f) => f.name === name)?.label ?? DERIVED[name] ?? name
  const show = (name: string, v: unknown) => {
    if (typeof v === 'boolean') return v ? <Tag color="green">是</Tag> : <Tag>否</Tag>
    if (name.endsWith('Fen') && typeof v === 'number') return `¥${(v / 100).toFixed(2)}`
    return cell(v)
  }
  return (
    <>
      <Space style={{ marginBottom: 16 }}>
        <Button type="primary" id={`catalogue-new-${kind}`} onClick={() => setEditing('new')}>
          新建{spec.label}
        </Button>
        <Button onClick={list.reload}>刷新</Button>
      </Space>
      <ErrorAlert error={list.error} />
      <Table<Row>
        id={`catalogue-${kind}`}
        size="middle"
        loading={list.loading}
        rowKey={(r) => rowKey(spec, r)}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: `还没有${spec.label}` }}
        columns={[
          { title: label(spec.key), key: 'key', render: (r: Row) => rowKey(spec, r) },
          ...spec.columns.map((c) => ({ title: label(c), key: c, render: (r: Row) => show(c, r[c]) })),
          {
            title: '操作',
            key: 'actions',
            render: (r: Row) => (
              <Space>
                <Button size="small" onClick={() => setEditing(r)}>
                  编辑
                </Button>
                {kind === 'items' && (
                  <Button size="small" onClick={() => setRestocking(rowKey(spec, r))}>
                    补货
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <CatalogueDrawer kind={kind} row={editing === 'new' ? null : editing} onClose={() => setEditing(null)} onSaved={list.reload} />}
      {restocking && <Restock itemId={restocking} onClose={() => setRestocking(null)} onDone={list.reload} />}
    </>
  )
}
