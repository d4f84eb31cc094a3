import { Button, Descriptions, Popconfirm, Progress, Space, Tag } from 'antd'
import { useEffect, useRef, useState } from 'react'
import type { CampaignView } from '../../../shared/marketing/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { at, num } from '../format'
import { STATUS } from './labels'
import { runCampaign } from './runCampaign'

/**
 * A campaign being sent or sent: the progress bar and counts. While it is `sending` and the page is
 * open, the page keeps calling admin.campaignStep (the `journeys` job goes on if it is closed).
 */
export function SendProgress({ campaign, onChange }: { campaign: CampaignView; onChange: (c: CampaignView) => void }) {
  const [error, setError] = useState<unknown>(null)
  const [running, setRunning] = useState(false)
  const gone = useRef(false)
  useEffect(() => () => void (gone.current = true), [])

  const run = async () => {
    setError(null)
    setRunning(true)
    try {
      await runCampaign(campaign, onChange, () => gone.current)
    } catch (e) {
      setError(e)
    } finally {
      setRunning(false)
    }
  }
  useEffect(() => {
    if (campaign.status === 'sending' && !running) void run()
    // Started once per campaign shown; a failed step is retried with the button.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [campaign.campaignId])

  const cancel = async () => {
    setError(null)
    try {
      onChange(await call('campaignCancel', { campaignId: campaign.campaignId }))
    } catch (e) {
      setError(e)
    }
  }
  const p = campaign.progress
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <div id="campaign-progress" data-percent={p.percent} data-status={campaign.status}>
        <Progress percent={p.percent} status={campaign.status === 'cancelled' ? 'exception' : campaign.status === 'sent' ? 'success' : 'active'} />
      </div>
      <Descriptions size="small" bordered column={4}>
        <Descriptions.Item label="状态">
          <Tag color={STATUS[campaign.status][1]}>{STATUS[campaign.status][0]}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="人群">{campaign.segmentName}</Descriptions.Item>
        <Descriptions.Item label="名单日期">{campaign.asOf ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="开始">{campaign.startedAt ? at(campaign.startedAt) : '—'}</Descriptions.Item>
        <Descriptions.Item label="已处理">
          <span id="campaign-members">{num(p.members)}</span>
          {campaign.estimate !== null && ` / 约 ${num(campaign.estimate)}`}
        </Descriptions.Item>
        <Descriptions.Item label="对照组">{num(p.control)}</Descriptions.Item>
        <Descriptions.Item label="已发送">
          <span id="campaign-sent">{num(p.sent)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="未发送 / 失败">
          {num(p.skipped)} / {num(p.failed)}
        </Descriptions.Item>
        {campaign.draft.kind === 'reward' && <Descriptions.Item label="已发奖励">{num(p.rewarded)}</Descriptions.Item>}
      </Descriptions>
      <ErrorAlert error={error} id="campaign-step-error" />
      {campaign.status === 'sending' && (
        <Space>
          {!running && (
            <Button id="campaign-resume" onClick={run}>
              继续发送
            </Button>
          )}
          <Popconfirm title="停止发送？已发出的消息和奖励不会撤回。" okText="停止" cancelText="继续发送" onConfirm={cancel}>
            <Button id="campaign-cancel" danger>
              停止发送
            </Button>
          </Popconfirm>
        </Space>
      )}
    </Space>
  )
}
