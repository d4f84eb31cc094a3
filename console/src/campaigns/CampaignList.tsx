import { Button, Card, Progress, Table, Tag } from 'antd'
import type { CampaignView } from '../../../shared/marketing/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { at, num } from '../format'
import { useOperator } from '../operator'
import { href, navigate } from '../route'
import { STATUS } from './labels'

/** Every campaign, newest first, with its status and progress; admins start new ones. */
export function CampaignList() {
  const op = useOperator()
  const list = useLoad(() => call('campaigns', {}), [])
  return (
    <Card
      title="营销活动"
      extra={
        op.allStores && (
          <Button id="campaign-new" type="primary" onClick={() => navigate('/campaigns/new')}>
            新建活动
          </Button>
        )
      }
    >
      <ErrorAlert error={list.error} />
      <Table<CampaignView>
        id="campaign-list"
        size="small"
        rowKey="campaignId"
        loading={list.loading}
        dataSource={list.data?.campaigns ?? []}
        locale={{ emptyText: '还没有营销活动' }}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          {
            title: '活动',
            key: 'n',
            render: (c: CampaignView) => (
              <a id={`campaign-row-${c.campaignId}`} href={href(`/campaigns/${c.campaignId}`)}>
                {c.draft.name}
              </a>
            ),
          },
          { title: '状态', key: 's', render: (c: CampaignView) => <Tag color={STATUS[c.status][1]}>{STATUS[c.status][0]}</Tag> },
          { title: '人群', dataIndex: 'segmentName' },
          { title: '类型', key: 'k', render: (c: CampaignView) => (c.draft.kind === 'reward' ? '奖励' : '消息') },
          { title: '进度', key: 'p', width: 160, render: (c: CampaignView) => (c.status === 'draft' ? '—' : <Progress percent={c.progress.percent} size="small" />) },
          { title: '已发送', key: 'sent', render: (c: CampaignView) => num(c.progress.sent) },
          { title: '开始时间', key: 't', render: (c: CampaignView) => (c.startedAt ? at(c.startedAt) : '—') },
        ]}
      />
    </Card>
  )
}
