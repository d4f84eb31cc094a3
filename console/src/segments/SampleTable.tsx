import { Table, Tag } from 'antd'
import type { SampleMember } from '../../../shared/insight/api'
import { yuan } from '../format'
import { href } from '../route'
import { LIFECYCLE, LIFECYCLE_COLOR } from './labels'

/** The first members a segment matches (admin.segmentPreview's sample); a row opens the member's page. */
export function SampleTable(props: { rows: SampleMember[]; loading: boolean }) {
  return (
    <Table<SampleMember>
      id="segment-sample"
      rowKey="memberId"
      size="small"
      loading={props.loading}
      dataSource={props.rows}
      pagination={false}
      locale={{ emptyText: '没有符合条件的会员' }}
      columns={[
        { title: '会员号', dataIndex: 'memberNo', render: (v: string, m) => <a href={href(`/members/${encodeURIComponent(m.memberId)}`)}>{v}</a> },
        { title: '昵称', dataIndex: 'nickname', render: (v: string | null) => v ?? '—' },
        { title: '手机号', dataIndex: 'phone' },
        { title: '等级', key: 'tier', render: (m: SampleMember) => m.tier.name.zh },
        { title: '地区', dataIndex: 'region', render: (r: string[]) => r.join(' ') || '—' },
        { title: '生命周期', dataIndex: 'lifecycle', render: (l: SampleMember['lifecycle']) => <Tag color={LIFECYCLE_COLOR[l]}>{LIFECYCLE[l]}</Tag> },
        { title: 'RFM', dataIndex: 'rfm', render: (code: string, m) => `${code}${m.topSpender ? ' · 高价值' : ''}` },
        { title: '窗口内消费', dataIndex: 'spendFen', align: 'right', render: yuan },
        { title: '标签', dataIndex: 'tags', render: (tags: string[]) => (tags.length ? tags.map((t) => <Tag key={t}>{t}</Tag>) : '—') },
      ]}
    />
  )
}
