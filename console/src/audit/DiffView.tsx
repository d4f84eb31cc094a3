import { Table, Typography } from 'antd'
import { cell } from '../format'
import { diff, type DiffRow } from './diff'

/** The fields a change touched: before in red, after in green. */
export function DiffView({ before, after }: { before: unknown; after: unknown }) {
  const rows = diff(before, after)
  if (rows.length === 0) return <Typography.Text type="secondary">没有字段变化</Typography.Text>
  return (
    <Table<DiffRow>
      className="change-diff"
      size="small"
      rowKey="path"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: '字段', dataIndex: 'path', render: (p: string) => <code className="diff-path">{p}</code> },
        { title: '修改前', dataIndex: 'before', render: (v: unknown, r) => (r.change === 'added' ? '—' : <span className="diff-before" style={{ color: '#b91c1c', textDecoration: 'line-through' }}>{cell(v)}</span>) },
        { title: '修改后', dataIndex: 'after', render: (v: unknown, r) => (r.change === 'removed' ? '—' : <span className="diff-after" style={{ color: '#15803d' }}>{cell(v)}</span>) },
      ]}
    />
  )
}
