import { Button, Card, Input, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import type { ChangeView } from '../../../shared/admin/schemas'
import { call } from '../api'
import { DiffView } from '../audit/DiffView'
import { ErrorAlert } from '../components/ErrorAlert'
import { usePaged } from '../components/usePaged'
import { at } from '../format'
import { roleName } from '../operator'

/** 操作记录: every operator change (admin.changes), newest first, each with its before/after diff. */
export function Audit() {
  const [filter, setFilter] = useState({ kind: '', targetId: '' })
  const [applied, setApplied] = useState(filter)
  const { rows: changes, cursor, loading, error, more } = usePaged(async (from) => {
    const r = await call('changes', { kind: applied.kind || undefined, targetId: applied.targetId || undefined, cursor: from })
    return { rows: r.changes, nextCursor: r.nextCursor }
  }, [applied])
  return (
    <Card title="操作记录">
      <Space style={{ marginBottom: 16 }}>
        <Input placeholder="类别，例如 settings" value={filter.kind} onChange={(e) => setFilter({ ...filter, kind: e.target.value.trim() })} style={{ width: 200 }} />
        <Input placeholder="对象，例如 earning 或会员编号" value={filter.targetId} onChange={(e) => setFilter({ ...filter, targetId: e.target.value.trim() })} style={{ width: 240 }} />
        <Button type="primary" onClick={() => setApplied(filter)}>
          筛选
        </Button>
      </Space>
      <ErrorAlert error={error} />
      <Table<ChangeView>
        id="audit-table"
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={changes}
        pagination={false}
        locale={{ emptyText: '还没有操作记录' }}
        expandable={{ expandedRowRender: (c) => <DiffView before={c.before} after={c.after} />, expandRowByClick: true }}
        rowClassName={() => 'audit-row'}
        columns={[
          { title: '时间', dataIndex: 'at', render: at },
          { title: '操作人', key: 'by', render: (c: ChangeView) => `${c.by.name ?? c.by.openid}（${roleName(c.by.role)}）` },
          { title: '类别', dataIndex: 'kind', render: (k: string) => <Tag className="audit-kind">{k}</Tag> },
          { title: '对象', dataIndex: 'targetId', render: (t: string) => <span className="audit-target">{t}</span> },
          { title: '操作', dataIndex: 'action', render: (a: string) => <span className="audit-action">{a}</span> },
          { title: '原因', dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
        ]}
      />
      {cursor && (
        <Button style={{ marginTop: 16 }} loading={loading} onClick={() => void more()}>
          加载更多
        </Button>
      )}
    </Card>
  )
}
