import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Tag, Typography } from 'antd'
import { useState } from 'react'
import { PLACEHOLDERS } from '../../../shared/marketing/copy'
import { CampaignDraft, type CampaignPreviewResult, type CampaignView } from '../../../shared/marketing/schemas'
import { ApiError, call, check } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { num } from '../format'
import { fromForm, formField, type DraftForm } from './draft'
import { CHANNEL } from './labels'
import { couponOptions, levelOptions, PAGE_OPTIONS } from './options'
import { PreviewTable } from './PreviewTable'
import { VariantsField } from './VariantsField'

/** The segment's live count (admin.segmentPreview on the latest insight snapshot). */
function SegmentCount({ segmentId }: { segmentId?: string }) {
  const count = useLoad(() => (segmentId ? call('segmentPreview', { segmentId }) : Promise.resolve(null)), [segmentId])
  if (!segmentId) return null
  if (count.loading) return <Typography.Text type="secondary">正在统计人数…</Typography.Text>
  if (count.error) return <ErrorAlert error={count.error} />
  return (
    <Typography.Text id="campaign-segment-count" data-count={count.data?.count}>
      当前约 {num(count.data?.count ?? 0)} 人（{count.data?.asOf} 的会员洞察）
    </Typography.Text>
  )
}

/** Buttons that add a placeholder to the default text. */
function Placeholders({ onPick }: { onPick: (token: string) => void }) {
  return (
    <Space wrap size={4}>
      <Typography.Text type="secondary">插入：</Typography.Text>
      {Object.entries(PLACEHOLDERS).map(([name, p]) => (
        <Tag key={name} style={{ cursor: 'pointer' }} title={`${p.label}${p.fallback ? `（没有时显示"${p.fallback}"）` : ''}`} onClick={() => onPick(`{${name}}`)}>
          {`{${name}}`}
        </Tag>
      ))}
    </Space>
  )
}

/**
 * A campaign's draft: audience, what is sent, the copy and its variants, the page it opens and the
 * measurement. Saves (admin.saveCampaign), previews the exact text of sample members
 * (admin.campaignPreview) and, after a confirmation, starts sending (admin.campaignSend).
 */
export function CampaignEditor({ campaignId, initial, onSaved, onSent }: { campaignId?: string; initial: DraftForm; onSaved: (c: CampaignView) => void; onSent: (c: CampaignView) => void }) {
  const { modal, message } = App.useApp()
  const [form] = Form.useForm<DraftForm>()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState<'save' | 'preview' | 'send' | null>(null)
  const [preview, setPreview] = useState<CampaignPreviewResult | null>(null)
  const segments = useLoad(() => call('segments', {}), [])
  const coupons = useLoad(couponOptions, [])
  const levels = useLoad(levelOptions, [])
  const segmentId = Form.useWatch('segmentId', form)
  const kind = Form.useWatch('kind', form)

  /** The form as a checked draft; a refusal is shown on its field. */
  const draft = async () => {
    await form.validateFields()
    return check(CampaignDraft, fromForm(form.getFieldsValue(true)))
  }
  const act = async (what: 'save' | 'preview' | 'send', work: () => Promise<void>) => {
    setError(null)
    setBusy(what)
    try {
      await work()
    } catch (e) {
      if (e instanceof ApiError && e.field) form.setFields([{ name: formField(e.field) as never, errors: [e.message] }])
      // antd's own validation failure is shown on its fields already.
      if (!(e && typeof e === 'object' && 'errorFields' in e)) setError(e)
    } finally {
      setBusy(null)
    }
  }
  const save = async () => {
    const saved = await call('saveCampaign', { campaignId, campaign: await draft() })
    onSaved(saved)
    return saved
  }

  const segmentName = segments.data?.segments.find((s) => s.id === segmentId)?.name ?? ''
  const confirmSend = () =>
    act('send', async () => {
      const d = await draft()
      const go = await new Promise<boolean>((resolve) =>
        modal.confirm({
          title: '确认发送',
          content: `将向人群「${segmentName}」发送「${d.name}」${d.controlPercent > 0 ? `，其中 ${d.controlPercent}% 作为对照组不发送` : ''}。开始后不能再修改，同一会员只会收到一次。`,
          okText: '开始发送',
          cancelText: '再想想',
          okButtonProps: { id: 'campaign-send-confirm' },
          onOk: () => resolve(true),
          onCancel: () => resolve(false),
        }),
      )
      if (!go) return
      const saved = await save()
      onSent(await call('campaignSend', { campaignId: saved.campaignId }))
    })

  return (
    <Row gutter={24}>
      <Col xs={24} xl={14}>
        <Card title={campaignId ? '编辑活动' : '新建活动'} size="small">
          <ErrorAlert error={error} id="campaign-error" />
          <Form<DraftForm> form={form} layout="vertical" initialValues={initial} id="campaign-form" onValuesChange={() => setError(null)}>
            <Form.Item label="活动名称" name="name" rules={[{ required: true, message: '请填写活动名称' }]}>
              <Input id="campaign-name" maxLength={40} />
            </Form.Item>
            <Form.Item label="发送人群" name="segmentId" rules={[{ required: true, message: '请选择发送人群' }]} extra={<SegmentCount segmentId={segmentId} />}>
              <Select
                id="campaign-segment"
                loading={segments.loading}
                showSearch
                optionFilterProp="label"
                placeholder={segments.data?.segments.length === 0 ? '还没有人群：请先在「人群」页保存一个' : '选择已保存的人群'}
                options={(segments.data?.segments ?? []).map((s) => ({ value: s.id, label: s.name }))}
                notFoundContent={segments.error ? '无法读取人群列表' : '没有人群'}
              />
            </Form.Item>
            <Form.Item label="活动类型" name="kind">
              <Radio.Group id="campaign-kind" optionType="button" options={[{ value: 'message', label: '只发消息' }, { value: 'reward', label: '发奖励（券或积分）' }]} />
            </Form.Item>
            {kind === 'reward' && (
              <Space align="start" wrap>
                <Form.Item label="优惠券" name="couponTemplateId" style={{ minWidth: 280 }}>
                  <Select id="campaign-coupon" allowClear loading={coupons.loading} options={coupons.data ?? []} showSearch optionFilterProp="label" placeholder="不发券" />
                </Form.Item>
                <Form.Item label="赠送积分" name="points">
                  <InputNumber id="campaign-points" min={0} max={100000} precision={0} placeholder="0" />
                </Form.Item>
                <Form.Item label="同时发消息告知" name="notify" valuePropName="checked">
                  <Switch id="campaign-notify" />
                </Form.Item>
              </Space>
            )}
            <Form.Item label="发送渠道" name="channel">
              <Radio.Group id="campaign-channel" options={Object.entries(CHANNEL).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
            <Form.Item label="默认文案" required extra={<Placeholders onPick={(t) => form.setFieldValue('text', `${form.getFieldValue('text') ?? ''}${t}`)} />}>
              <Form.Item name="text" noStyle rules={[{ required: true, message: '请填写文案' }]}>
                <Input.TextArea id="campaign-text" rows={3} maxLength={300} showCount />
              </Form.Item>
            </Form.Item>
            <Form.Item label="按会员分组的文案（可选）">
              <VariantsField name="variants" idPrefix="campaign" levels={levels.data ?? []} />
            </Form.Item>
            <Form.Item label="点击消息打开" name="page">
              <Select id="campaign-page" options={PAGE_OPTIONS} />
            </Form.Item>
            <Space wrap>
              <Form.Item label="对照组（不发送，用于比较效果）" name="controlPercent">
                <InputNumber id="campaign-control" min={0} max={50} precision={0} addonAfter="%" />
              </Form.Item>
              <Form.Item label="效果统计窗口" name="windowDays">
                <InputNumber id="campaign-window" min={1} max={90} precision={0} addonAfter="天" />
              </Form.Item>
            </Space>
            <Space>
              <Button id="campaign-save" loading={busy === 'save'} disabled={busy !== null} onClick={() => act('save', async () => void (await save(), message.success('已保存')))}>
                保存草稿
              </Button>
              <Button
                id="campaign-preview"
                loading={busy === 'preview'}
                disabled={busy !== null}
                onClick={() => act('preview', async () => setPreview(await call('campaignPreview', { campaignId, campaign: await draft(), limit: 8 })))}
              >
                预览
              </Button>
              <Button id="campaign-send" type="primary" loading={busy === 'send'} disabled={busy !== null} onClick={confirmSend}>
                发送
              </Button>
            </Space>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title="预览" size="small">
          {preview ? <PreviewTable preview={preview} /> : <Typography.Text type="secondary">点击「预览」查看样本会员各自会收到的完整文案。</Typography.Text>}
        </Card>
      </Col>
    </Row>
  )
}
