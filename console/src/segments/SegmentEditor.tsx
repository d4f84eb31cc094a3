import { App, Button, Card, Col, Input, Popconfirm, Row, Space, Spin, Statistic, Typography } from 'antd'
import { useEffect, useState } from 'react'
import { SaveSegmentInput, SegmentPreviewInput, type SegmentView } from '../../../shared/insight/api'
import type { SegmentFilter } from '../../../shared/insight/segment'
import type { TierProgramme } from '../../../shared/tier/programme'
import { call, check, type Out } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { num } from '../format'
import { FilterBuilder } from './FilterBuilder'
import { SampleTable } from './SampleTable'

/** The count and sample for a filter, asked again 400 ms after the last change (answers to older filters are dropped). */
function useLivePreview(filter: SegmentFilter) {
  const [data, setData] = useState<Out<'segmentPreview'> | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [loading, setLoading] = useState(true)
  const key = JSON.stringify(filter)
  useEffect(() => {
    let live = true
    setLoading(true)
    const timer = setTimeout(async () => {
      try {
        const d = await call('segmentPreview', check(SegmentPreviewInput, { filter: JSON.parse(key) }))
        if (live) {
          setData(d)
          setError(null)
        }
      } catch (e) {
        if (live) setError(e)
      } finally {
        if (live) setLoading(false)
      }
    }, 400)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [key])
  return { data, error, loading }
}

/** One segment: its name and conditions, the live count and sample, save and delete. `segment` null: a new one. */
export function SegmentEditor(props: { segment: SegmentView | null; onSaved: (s: SegmentView) => void; onDeleted: () => void }) {
  const { message } = App.useApp()
  const [name, setName] = useState(props.segment?.name ?? '')
  const [filter, setFilter] = useState<SegmentFilter>(props.segment?.filter ?? {})
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const preview = useLivePreview(filter)
  const levels = useLoad(() => call('tiers', {}), [])
  const tags = useLoad(() => call('memberTags', {}), [])
  // Only for the window's length in the hints; before the first run there is none.
  const overview = useLoad(() => call('insight', {}).catch(() => null), [])
  const inForce = (levels.data?.versions as TierProgramme[] | undefined)?.find((v) => v.version === levels.data?.inForce)
  const levelOptions = (inForce?.levels ?? []).map((l) => ({ value: l.id, label: l.name.zh }))
  const tagOptions = (tags.data?.tags ?? []).map((t) => ({ value: t.tag, label: `${t.tag}（${num(t.members)}）` }))

  const save = async () => {
    setError(null)
    setBusy(true)
    try {
      const saved = await call('saveSegment', check(SaveSegmentInput, { ...(props.segment ? { id: props.segment.id } : {}), name, filter }))
      message.success('人群已保存')
      props.onSaved(saved)
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  const remove = async () => {
    if (!props.segment) return
    setError(null)
    try {
      await call('deleteSegment', { id: props.segment.id })
      message.success('人群已删除')
      props.onDeleted()
    } catch (e) {
      setError(e)
    }
  }

  const p = preview.data
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ErrorAlert error={error} id="segment-error" />
      <Row gutter={16}>
        <Col xs={24} lg={15}>
          <Card size="small" title="人群条件">
            <Space style={{ marginBottom: 16 }}>
              <span>名称</span>
              <Input id="segment-name" style={{ width: 320 }} maxLength={40} placeholder="例如：山东的沉睡会员" value={name} onChange={(e) => setName(e.target.value)} />
            </Space>
            <ErrorAlert error={levels.error ?? tags.error} />
            <FilterBuilder value={filter} onChange={setFilter} levels={levelOptions} tags={tagOptions} windowDays={overview.data?.windowDays ?? null} />
            <Space>
              <Button id="segment-save" type="primary" loading={busy} onClick={save}>
                保存人群
              </Button>
              {props.segment && (
                <Popconfirm title="确定删除这个人群吗？" okText="删除" cancelText="取消" onConfirm={remove}>
                  <Button id="segment-delete" danger>
                    删除
                  </Button>
                </Popconfirm>
              )}
              <Button id="segment-clear" onClick={() => setFilter({})}>
                清空条件
              </Button>
            </Space>
          </Card>
        </Col>
        <Col xs={24} lg={9}>
          <Card size="small" title="符合条件的会员">
            {preview.error ? (
              <ErrorAlert error={preview.error} id="segment-preview-error" />
            ) : !p ? (
              <Spin />
            ) : (
              <Spin spinning={preview.loading}>
                <Statistic
                  title={`共 ${num(p.members)} 位会员中`}
                  value={p.count}
                  formatter={(v) => num(Number(v))}
                  suffix="人"
                  valueRender={(node) => (
                    <span id="segment-count" data-value={preview.loading ? '' : p.count}>
                      {node}
                    </span>
                  )}
                />
                <Typography.Text type="secondary" id="segment-asof">
                  数据截至 {p.asOf}（每晚更新；标签为当前值）
                </Typography.Text>
              </Spin>
            )}
          </Card>
        </Col>
      </Row>
      <Card size="small" title="会员样例（前 20 位）">
        <SampleTable rows={p?.sample ?? []} loading={preview.loading} />
      </Card>
    </Space>
  )
}
