import { Button, Card, Input, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import { SearchMembersInput, type MemberRow } from '../../../shared/admin/schemas'
import { call, check, type Out } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { at, num } from '../format'
import { href } from '../route'

/** 会员: search by phone, nickname or member number; a row opens the member's page. */
export function Members() {
  const [q, setQ] = useState('')
  const [result, setResult] = useState<Out<'searchMembers'> | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(false)
  const search = async () => {
    setError(null)
    setLoading(true)
    try {
      setResult(await call('searchMembers', check(SearchMembersInput, { q })))
    } catch (e) {
      setError(e)
    } finally {
      setLoading(false)
    }
  }
  return (
    <Card title="会员">
      <Space.Compact style={{ width: 480, marginBottom: 16 }}>
        <Input id="member-search" placeholder="完整的 11 位手机号、10 位会员号，或昵称开头" value={q} onChange={(e) => setQ(e.target.value)} onPressEnter={search} allowClear />
        <Button id="member-search-go" type="primary" loading={loading} onClick={search}>
          搜索
        </Button>
      </Space.Compact>
      <ErrorAlert error={error} />
      {result && (
        <Table<MemberRow>
          id="member-results"
          rowKey="memberId"
          size="middle"
          loading={loading}
          dataSource={result.members}
          locale={{ emptyText: '没有找到符合条件的会员' }}
          pagination={false}
          footer={result.more ? () => '结果较多，只显示前面一部分：请输入更完整的手机号或会员号' : undefined}
          columns={[
            { title: '会员号', dataIndex: 'memberNo', render: (v: string, m) => <a id={`member-row-${m.memberId}`} href={href(`/members/${encodeURIComponent(m.memberId)}`)}>{v}</a> },
            { title: '手机号', dataIndex: 'phone' },
            { title: '昵称', dataIndex: 'nickname', render: (v: string | null) => v ?? '—' },
            { title: '等级', key: 'tier', render: (m: MemberRow) => <Tag>{m.tier.name.zh}</Tag> },
            { title: '积分', dataIndex: 'balance', align: 'right', render: num },
            { title: '注册时间', dataIndex: 'registeredAt', render: at },
          ]}
        />
      )}
    </Card>
  )
}
