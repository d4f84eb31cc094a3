import { Button, Card, Descriptions, Space, Spin } from 'antd'
import { useState } from 'react'
import { MEMBER_PAGES, type CampaignPreviewResult, type CampaignView } from '../../../shared/marketing/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { useOperator } from '../operator'
import { navigate } from '../route'
import { CampaignEditor } from './CampaignEditor'
import { NEW_DRAFT, toForm } from './draft'
import { CHANNEL } from './labels'
import { PreviewTable } from './PreviewTable'
import { ReportView } from './ReportView'
import { SendProgress } from './SendProgress'

/** What a started campaign sent: its settings, as they were frozen. */
function Summary({ c }: { c: CampaignView }) {
  const d = c.draft
  return (
    <Descriptions size="small" bordered column={2}>
      <Descriptions.Item label="类型">{d.kind === 'reward' ? '奖励' : '消息'}</Descriptions.Item>
      <Descriptions.Item label="渠道">{d.kind === 'reward' && !d.notify ? '只发奖励，不发消息' : CHANNEL[d.channel]}</Descriptions.Item>
      {d.reward && (
        <Descriptions.Item label="奖励" span={2}>
          {[d.reward.couponTemplateId && `优惠券 ${d.reward.couponTemplateId}`, d.reward.points > 0 && `${d.reward.points} 积分`].filter(Boolean).join(' + ')}
        </Descriptions.Item>
      )}
      <Descriptions.Item label="默认文案" span={2}>
        <span id="campaign-summary-text">{d.copy.text}</span>
      </Descriptions.Item>
      {d.copy.variants.length > 0 && <Descriptions.Item label="分组文案" span={2}>{`${d.copy.variants.length} 组`}</Descriptions.Item>}
      <Descriptions.Item label="打开页面">{MEMBER_PAGES[d.page]}</Descriptions.Item>
      <Descriptions.Item label="对照组 / 统计窗口">
        {d.controlPercent}% / {d.windowDays} 天
      </Descriptions.Item>
    </Descriptions>
  )
}

/** One campaign: a draft opens in the editor (admins); a started one shows its progress, a preview and its report. */
export function CampaignDetail({ campaignId }: { campaignId: string | null }) {
  const op = useOperator()
  const loaded = useLoad(() => (campaignId ? call('campaign', { campaignId }) : Promise.resolve(null)), [campaignId])
  const [preview, setPreview] = useState<CampaignPreviewResult | null>(null)
  const [error, setError] = useState<unknown>(null)
  const c = loaded.data

  if (campaignId && loaded.loading && !c) return <Spin />
  if (campaignId && !c) return <ErrorAlert error={loaded.error} />
  const back = (
    <Button id="campaign-back" onClick={() => navigate('/campaigns')}>
      返回活动列表
    </Button>
  )
  if (!c || c.status === 'draft') {
    if (!op.allStores) return <ErrorAlert error={new Error('只有管理员可以编辑和发送营销活动')} />
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {back}
        <CampaignEditor
          key={c?.campaignId ?? 'new'}
          campaignId={c?.campaignId}
          initial={c ? toForm(c.draft) : NEW_DRAFT}
          onSaved={(saved) => (c ? loaded.setData(saved) : navigate(`/campaigns/${saved.campaignId}`))}
          onSent={(sent) => (c ? loaded.setData(sent) : navigate(`/campaigns/${sent.campaignId}`))}
        />
      </Space>
    )
  }
  const showPreview = async () => {
    setError(null)
    try {
      setPreview(await call('campaignPreview', { campaignId: c.campaignId, limit: 8 }))
    } catch (e) {
      setError(e)
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {back}
      <Card title={c.draft.name} size="small">
        <Space direction="vertical" style={{ width: '100%' }}>
          <SendProgress campaign={c} onChange={loaded.setData} />
          <Summary c={c} />
          <Button id="campaign-preview" onClick={showPreview}>
            预览样本会员的文案
          </Button>
          <ErrorAlert error={error} />
          {preview && <PreviewTable preview={preview} />}
        </Space>
      </Card>
      <ReportView key={c.status} campaignId={c.campaignId} />
    </Space>
  )
}
