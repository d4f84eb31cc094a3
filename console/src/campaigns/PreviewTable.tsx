import { Empty, Table, Tag, Typography } from 'antd'
import type { CampaignPreviewResult } from '../../../shared/marketing/schemas'
import { SENT_BY, SKIP } from './labels'

type Sample = CampaignPreviewResult['samples'][number]

/** Sample members of the audience and the exact text each would read (admin.campaignPreview). */
export function PreviewTable({ preview }: { preview: CampaignPreviewResult }) {
  return (
    <div id="campaign-preview-result" data-as-of={preview.asOf}>
      <Typography.Paragraph type="secondary">
        按 {preview.asOf} 的会员洞察抽取前 {preview.samples.length} 位会员{preview.reward ? `；奖励：${preview.reward}` : ''}。
      </Typography.Paragraph>
      <Table<Sample>
        size="small"
        rowKey="memberId"
        dataSource={preview.samples}
        pagination={false}
        locale={{ emptyText: <Empty description="该人群目前没有会员" /> }}
        onRow={(s) => ({ className: 'preview-sample', 'data-member-id': s.memberId, 'data-group': s.group }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: '会员', key: 'm', width: 140, render: (s: Sample) => `${s.name}（${s.memberNo}）` },
          {
            title: '发送',
            key: 'c',
            width: 130,
            render: (s: Sample) =>
              s.group === 'control' ? (
                <Tag>对照组：不发送</Tag>
              ) : s.channel ? (
                <Tag color="green">{SENT_BY[s.channel]}</Tag>
              ) : s.skip ? (
                <Tag color="orange">{SKIP[s.skip]}</Tag>
              ) : (
                <Tag>只发奖励</Tag>
              ),
          },
          { title: '文案', key: 't', render: (s: Sample) => <span className="preview-text">{s.text ?? '—'}</span> },
        ]}
      />
    </div>
  )
}
