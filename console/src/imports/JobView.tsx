import { Button, Descriptions, Progress, Space, Table, Tag } from 'antd'
import { useState } from 'react'
import type { ImportJobView } from '../../../shared/admin/schemas'
import { call } from '../api'
import { downloadText } from '../components/download'
import { ErrorAlert } from '../components/ErrorAlert'
import { at, num } from '../format'
import { percent } from './runJob'

export const STATUS: Record<ImportJobView['status'], [string, string]> = { running: ['进行中', 'processing'], done: ['已完成', 'success'], failed: ['失败', 'error'] }

/** One import job: progress, counts, the first row errors, and all of them as a CSV download. */
export function JobView({ job }: { job: ImportJobView }) {
  const [error, setError] = useState<unknown>(null)
  const download = async () => {
    setError(null)
    try {
      const r = await call('importErrors', { jobId: job.jobId })
      downloadText(r.filename, r.csv)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }} id="import-job" data-status={job.status}>
      <div id="import-progress" data-percent={percent(job)}>
        <Progress percent={percent(job)} status={job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active'} />
      </div>
      <Descriptions size="small" bordered column={4}>
        <Descriptions.Item label="文件">{job.fileName}</Descriptions.Item>
        <Descriptions.Item label="方式">{job.dryRun ? '试运行（不写入）' : '正式导入'}</Descriptions.Item>
        <Descriptions.Item label="状态">
          <Tag color={STATUS[job.status][1]}>{STATUS[job.status][0]}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label="开始">{at(job.startedAt)}</Descriptions.Item>
        <Descriptions.Item label="总行数">{num(job.total)}</Descriptions.Item>
        <Descriptions.Item label="已处理">{num(job.processed)}</Descriptions.Item>
        <Descriptions.Item label={job.dryRun ? '可导入' : '已导入'}>
          <span id="import-imported">{num(job.imported)}</span>
        </Descriptions.Item>
        <Descriptions.Item label="跳过 / 出错">
          {num(job.skipped)} / <span id="import-failed">{num(job.failed)}</span>
        </Descriptions.Item>
      </Descriptions>
      {job.message && <ErrorAlert error={new Error(job.message)} />}
      <ErrorAlert error={error} />
      {job.errors.length > 0 && (
        <>
          <Table
            id="import-errors"
            size="small"
            rowKey={(r) => `${r.row}:${r.field}:${r.message}`}
            dataSource={job.errors}
            pagination={{ pageSize: 10, hideOnSinglePage: true }}
            columns={[
              { title: '行号', dataIndex: 'row' },
              { title: '字段', dataIndex: 'field', render: (v: string | null) => v ?? '—' },
              { title: '问题', dataIndex: 'message' },
            ]}
          />
          <Button onClick={download} id="import-errors-download">
            下载全部错误（{num(job.failed)} 行）
          </Button>
        </>
      )}
    </Space>
  )
}
