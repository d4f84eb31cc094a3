import { Alert, Button, Card, Space, Spin, Table } from 'antd'
import type { SegmentView } from '../../../shared/insight/api'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { at, num } from '../format'
import { href, navigate, useRoute } from '../route'
import { InsightOverview } from '../segments/InsightOverview'
import { SegmentEditor } from '../segments/SegmentEditor'

/** One segment to edit (`#/segments/<id>`), or a new one (`#/segments/new`). */
function SegmentPage({ id }: { id: string }) {
  const list = useLoad(() => (id === 'new' ? Promise.resolve(null) : call('segments', {})), [id])
  const segment = list.data?.segments.find((s) => s.id === id) ?? null
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <a href={href('/segments')}>← 返回人群列表</a>
      <ErrorAlert error={list.error} />
      {list.loading ? (
        <Spin />
      ) : id !== 'new' && !segment ? (
        !list.error && <Alert type="warning" showIcon message="找不到该人群：可能已被删除" />
      ) : (
        <SegmentEditor key={id} segment={segment} onSaved={(s) => (id === 'new' ? navigate(`/segments/${s.id}`) : void list.reload())} onDeleted={() => navigate('/segments')} />
      )}
    </Space>
  )
}

/** 人群: the last nightly insight, the saved segments with their last count, and the segment editor. */
export function Segments() {
  const [, id] = useRoute()
  const list = useLoad(() => (id ? Promise.resolve(null) : call('segments', {})), [id])
  if (id) return <SegmentPage id={id} />
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <InsightOverview />
      <Card
        title="人群"
        extra={
          <Button id="segment-new" type="primary" onClick={() => navigate('/segments/new')}>
            新建人群
          </Button>
        }
      >
        <ErrorAlert error={list.error} />
        <Table<SegmentView>
          id="segment-list"
          rowKey="id"
          size="middle"
          loading={list.loading}
          dataSource={list.data?.segments ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: '还没有保存的人群：点“新建人群”按条件圈选会员' }}
          columns={[
            { title: '名称', dataIndex: 'name', render: (name: string, s) => <a id={`segment-row-${s.id}`} href={href(`/segments/${encodeURIComponent(s.id)}`)}>{name}</a> },
            {
              title: '人数',
              key: 'count',
              align: 'right',
              render: (s: SegmentView) => (s.lastCount ? <span data-value={s.lastCount.count}>{num(s.lastCount.count)}（{s.lastCount.asOf}）</span> : '—'),
            },
            { title: '最后修改', key: 'updated', render: (s: SegmentView) => `${at(s.updatedAt)} ${s.updatedBy ?? ''}` },
          ]}
        />
      </Card>
    </Space>
  )
}
