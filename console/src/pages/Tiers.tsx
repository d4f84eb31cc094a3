import { App, Button, Card, Space, Spin, Table, Tag } from 'antd'
import { useEffect, useRef, useState } from 'react'
import { TierProgramme } from '../../../shared/tier/programme'
import { call, check, type Out } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { JsonEditor } from '../components/JsonEditor'
import { useLoad } from '../components/useLoad'
import { PlanView } from '../tiers/PlanView'
import { proposalFrom } from '../tiers/bump'
import { runPlan } from '../tiers/runPlan'

/**
 * 等级: the versions of the tier programme; a proposed new one edited as JSON, dry-run (counted over
 * every member in steps, with a progress bar), then published.
 */
export function Tiers() {
  const { modal, message } = App.useApp()
  const config = useLoad(() => call('tiers', {}), [])
  const [draft, setDraft] = useState<{ value: unknown; bad: boolean } | null>(null)
  const [editorKey, setEditorKey] = useState(0)
  const [plan, setPlan] = useState<Out<'tierPlan'> | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  // Each preview asked for gets a number: an older one still stepping stops, and so does a closed page.
  const latest = useRef(0)
  useEffect(() => () => void (latest.current = -1), [])

  const versions = (config.data?.versions ?? []) as TierProgramme[]
  const inForce = versions.find((v) => v.version === config.data?.inForce) ?? versions[versions.length - 1]
  const start = inForce && config.data ? proposalFrom(inForce, versions.map((v) => v.version), config.data.today) : null
  useEffect(() => {
    if (start) setDraft({ value: start, bad: false })
    setEditorKey((k) => k + 1)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config.data])

  const preview = async () => {
    if (!draft || draft.bad) return
    const mine = ++latest.current
    setError(null)
    setBusy(true)
    setPlan(null)
    try {
      const programme = check(TierProgramme, draft.value)
      await runPlan(await call('tierPlan', { programme }), setPlan, () => latest.current !== mine)
    } catch (e) {
      if (latest.current === mine) setError(e)
    } finally {
      if (latest.current === mine) setBusy(false)
    }
  }
  const publishNow = async () => {
    if (!draft || draft.bad) return
    latest.current++
    setError(null)
    setBusy(true)
    try {
      const r = await call('tierPublish', { programme: check(TierProgramme, draft.value) })
      message.success(`已发布 ${r.proposed.version}，${r.proposed.effectiveFrom} 起生效`)
      setPlan(null)
      await config.reload()
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const publish = () =>
    modal.confirm({
      title: '发布新的等级方案？',
      content: '发布后会员将按新方案评定等级，且不能撤回（可再发布一个新版本）。建议先试算确认影响。',
      okText: '发布',
      cancelText: '取消',
      okButtonProps: { id: 'tier-publish-confirm' },
      onOk: publishNow,
    })

  if (config.loading && !config.data) return <Spin />
  const names = Object.fromEntries((inForce?.levels ?? []).map((l) => [l.id, l.name.zh]))
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ErrorAlert error={config.error} />
      <Card title="等级方案版本" size="small">
        <Table
          size="small"
          rowKey="version"
          pagination={false}
          dataSource={versions}
          columns={[
            { title: '版本', dataIndex: 'version', render: (v: string) => (v === config.data?.inForce ? <Space>{v}<Tag color="green">当前生效</Tag></Space> : v) },
            { title: '生效日', dataIndex: 'effectiveFrom' },
            { title: '等级', key: 'levels', render: (p: TierProgramme) => p.levels.map((l) => l.name.zh).join(' / ') },
            { title: '评定', key: 'review', render: (p: TierProgramme) => (p.review.kind === 'date' ? `每年 ${p.review.monthDay}` : '达到等级满一年') },
          ]}
        />
      </Card>
      {start && (
        <Card title="新版本（JSON）" size="small" extra="修改后先试算，确认影响再发布">
          <ErrorAlert error={error} id="tier-error" />
          <JsonEditor key={editorKey} id="tier-json" rows={20} value={start} onChange={(value, bad) => setDraft({ value, bad })} />
          <Space style={{ marginTop: 12 }}>
            <Button id="tier-plan-run" onClick={preview} loading={busy} disabled={!draft || draft.bad}>
              试算
            </Button>
            <Button id="tier-publish" type="primary" danger onClick={publish} disabled={!draft || draft.bad || busy}>
              发布
            </Button>
          </Space>
        </Card>
      )}
      {plan && <PlanView plan={plan} names={names} />}
    </Space>
  )
}
