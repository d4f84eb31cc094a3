import { App, Button, Card, Descriptions, Select, Space, Spin, Tag, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { TagMemberInput } from '../../../shared/insight/api'
import { call, check } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { num, yuan } from '../format'
import { CHANNEL, LIFECYCLE, LIFECYCLE_COLOR } from '../segments/labels'

/** The operator's tags on the member (admin.tagMember): replaced as a whole on save. */
function TagEditor({ memberId, tags, onSaved }: { memberId: string; tags: string[]; onSaved: (tags: string[]) => void }) {
  const { message } = App.useApp()
  const [value, setValue] = useState(tags)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const known = useLoad(() => call('memberTags', {}), [])
  useEffect(() => setValue(tags), [tags])
  const save = async () => {
    setError(null)
    setBusy(true)
    try {
      const r = await call('tagMember', check(TagMemberInput, { memberId, tags: value }))
      message.success('标签已保存')
      onSaved(r.tags)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const changed = JSON.stringify(value) !== JSON.stringify(tags)
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <ErrorAlert error={error} id="member-tags-error" />
      <Space.Compact style={{ width: '100%', maxWidth: 640 }}>
        <Select
          id="member-tags"
          mode="tags"
          style={{ width: '100%' }}
          placeholder="输入标签后回车，例如：咖啡控"
          value={value}
          tokenSeparators={[',', '，']}
          options={(known.data?.tags ?? []).map((t) => ({ value: t.tag, label: t.tag }))}
          onChange={(v: string[]) => setValue(v)}
        />
        <Button id="member-tags-save" type="primary" loading={busy} disabled={!changed} onClick={save}>
          保存标签
        </Button>
      </Space.Compact>
      <Typography.Text type="secondary">最多 20 个标签，每个不超过 40 个字；修改后人群人数立即按新标签计算。</Typography.Text>
    </Space>
  )
}

/** 会员洞察 on the member's page: the last nightly snapshot's scores, stage and habits, and the hand tags. */
export function InsightCard({ memberId }: { memberId: string }) {
  const r = useLoad(() => call('memberInsight', { memberId }), [memberId])
  const d = r.data
  const i = d?.insight
  return (
    <Card size="small" title="会员洞察" id="member-insight" extra={d?.asOf && <Typography.Text type="secondary">数据截至 {d.asOf}</Typography.Text>}>
      <ErrorAlert error={r.error} />
      {!d && r.loading && <Spin />}
      {d && !d.asOf && <Typography.Paragraph type="secondary">会员洞察尚未生成：每晚计算一次。</Typography.Paragraph>}
      {d && d.asOf && !i && <Typography.Paragraph type="secondary">该会员在 {d.asOf} 的计算之后才加入，下次计算后显示。</Typography.Paragraph>}
      {i && (
        <Descriptions size="small" column={3} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label="生命周期">
            <Tag id="member-lifecycle" data-value={i.lifecycle} color={LIFECYCLE_COLOR[i.lifecycle]}>
              {LIFECYCLE[i.lifecycle]}
            </Tag>
            {i.topSpender && (
              <Tag id="member-top-spender" color="gold">
                高价值会员
              </Tag>
            )}
            {i.unclaimed && <Tag color="orange">未开卡</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label="RFM 得分">
            <span id="member-rfm" data-value={i.rfm.code}>
              R{i.rfm.recency} · F{i.rfm.frequency} · M{i.rfm.monetary}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="等级（计算时）">{i.tier.name.zh}</Descriptions.Item>
          <Descriptions.Item label="最近消费">{i.lastVisit ? `${i.lastVisit}（${i.daysSinceVisit} 天前）` : '从未消费'}</Descriptions.Item>
          <Descriptions.Item label={`近 ${i.windowDays} 天消费`}>
            {yuan(i.spendFen)}，{num(i.visits)} 天
          </Descriptions.Item>
          <Descriptions.Item label="常去门店">{i.preferredStore ? i.preferredStore.name : '—'}</Descriptions.Item>
          <Descriptions.Item label="偏好渠道">
            {i.preferredChannel ? CHANNEL[i.preferredChannel] : '—'}
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {(Object.keys(CHANNEL) as Array<keyof typeof CHANNEL>).map((c) => `${CHANNEL[c]} ${i.channels[c]}`).join(' · ')}
            </Typography.Text>
          </Descriptions.Item>
          <Descriptions.Item label="成功邀请好友">{num(i.convertedInvites)} 人</Descriptions.Item>
          <Descriptions.Item label="优惠券 / 商城">
            核销 {num(i.couponsUsed)} 张 · 兑换 {num(i.mallOrders)} 单
          </Descriptions.Item>
        </Descriptions>
      )}
      {d && <TagEditor memberId={memberId} tags={d.tags} onSaved={(tags) => r.setData({ ...d, tags })} />}
    </Card>
  )
}
