import { DownloadOutlined } from '@ant-design/icons'
import { Button, Card, Radio, Space, Spin, Typography } from 'antd'
import { useState } from 'react'
import { call } from '../api'
import { downloadText } from '../components/download'
import { ErrorAlert } from '../components/ErrorAlert'
import { num, thisMonth } from '../format'

type Kind = 'members' | 'ledger'

/** Exports page through a collection with admin.exportPage; the pages (the first with the header) make one CSV. */
export function ExportPanel() {
  const [kind, setKind] = useState<Kind>('members')
  const [rows, setRows] = useState<number | null>(null)
  const [error, setError] = useState<unknown>(null)
  const run = async () => {
    setError(null)
    setRows(0)
    try {
      const parts: string[] = []
      let cursor: string | undefined
      let count = 0
      do {
        const page = await call('exportPage', { kind, cursor })
        parts.push(page.csv.endsWith('\n') || page.csv === '' ? page.csv : page.csv + '\n')
        count += page.rows
        setRows(count)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      downloadText(`${kind === 'members' ? '会员' : '积分流水'}-${thisMonth()}.csv`, parts.join(''))
    } catch (e) {
      setError(e)
    } finally {
      setRows(null)
    }
  }
  return (
    <Card title="导出" size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Radio.Group
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          options={[
            { value: 'members', label: '会员' },
            { value: 'ledger', label: '积分流水' },
          ]}
        />
        <Button icon={<DownloadOutlined />} onClick={run} loading={rows !== null} id="export-run">
          导出 CSV
        </Button>
        {rows !== null && (
          <Space>
            <Spin size="small" />
            <Typography.Text id="export-progress">已导出 {num(rows)} 行…</Typography.Text>
          </Space>
        )}
        <ErrorAlert error={error} />
      </Space>
    </Card>
  )
}
