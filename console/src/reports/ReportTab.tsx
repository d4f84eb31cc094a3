import { DownloadOutlined } from '@ant-design/icons'
import { Button, DatePicker, Select, Space, Spin } from 'antd'
import dayjs from 'dayjs'
import { useState } from 'react'
import type { ReportName } from '../../../shared/admin/schemas'
import type { LiabilityReport } from '../../../shared/finance/liability'
import { call } from '../api'
import { downloadText } from '../components/download'
import { ErrorAlert } from '../components/ErrorAlert'
import { useLoad } from '../components/useLoad'
import { thisMonth } from '../format'
import { useOperator } from '../operator'
import { GenericReport } from './GenericReport'
import { LiabilityView } from './LiabilityView'
import { PointsFlowView, type PointsFlowReport } from './PointsFlowView'

/** A point in time: no month range. */
const SNAPSHOT: ReportName[] = ['liability']

/** One report: month range and store filters, the data (specific views for liability and points), and CSV export. */
export function ReportTab({ name }: { name: ReportName }) {
  const op = useOperator()
  const [range, setRange] = useState<[string, string]>(() => [dayjs().subtract(5, 'month').format('YYYY-MM'), thisMonth()])
  const [storeId, setStoreId] = useState<string | undefined>(op.allStores ? undefined : op.storeId)
  const [exporting, setExporting] = useState(false)
  const [exportError, setExportError] = useState<unknown>(null)
  const input = { name, storeId, ...(SNAPSHOT.includes(name) ? {} : { from: range[0], to: range[1] }) }
  const report = useLoad(() => call('report', input), [name, storeId, range[0], range[1]])

  const exportCsv = async () => {
    setExporting(true)
    setExportError(null)
    try {
      const r = await call('report', { ...input, format: 'csv' })
      downloadText(r.filename, r.csv ?? '')
    } catch (e) {
      setExportError(e)
    } finally {
      setExporting(false)
    }
  }

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} id={`report-${name}`}>
      <Space wrap>
        {!SNAPSHOT.includes(name) && (
          <DatePicker.RangePicker
            picker="month"
            allowClear={false}
            value={[dayjs(range[0] + '-01'), dayjs(range[1] + '-01')]}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM'), v[1].format('YYYY-MM')])}
          />
        )}
        <Select
          style={{ width: 200 }}
          value={storeId ?? ''}
          disabled={!op.allStores}
          onChange={(v) => setStoreId(v || undefined)}
          options={[...(op.allStores ? [{ value: '', label: '全部门店' }] : []), ...op.stores.map((s) => ({ value: s.id, label: s.name }))]}
        />
        <Button icon={<DownloadOutlined />} onClick={exportCsv} loading={exporting} id={`report-${name}-export`}>
          导出 CSV
        </Button>
      </Space>
      <ErrorAlert error={exportError} />
      <ErrorAlert error={report.error} id={`report-${name}-error`} />
      {report.loading ? (
        <Spin />
      ) : (
        report.data &&
        (name === 'liability' ? (
          <LiabilityView report={report.data.data as LiabilityReport} />
        ) : name === 'points' ? (
          <PointsFlowView report={report.data.data as PointsFlowReport} />
        ) : (
          <GenericReport data={report.data.data} />
        ))
      )}
    </Space>
  )
}
