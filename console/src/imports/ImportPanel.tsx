import { InboxOutlined } from '@ant-design/icons'
import { Button, Card, Progress, Space, Typography, Upload } from 'antd'
import { useEffect, useRef, useState } from 'react'
import type { ImportJobView } from '../../../shared/admin/schemas'
import { call } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { uploadFile } from '../upload'
import { JobView } from './JobView'
import { runJob } from './runJob'

/** Upload a member file, then dry-run or import it a slice at a time. `resume` is a job picked from the list. */
export function ImportPanel({ resume, onChanged }: { resume: ImportJobView | null; onChanged: () => void }) {
  const [file, setFile] = useState<{ name: string; fileId: string } | null>(null)
  const [uploading, setUploading] = useState<number | null>(null)
  const [job, setJob] = useState<ImportJobView | null>(null)
  const [running, setRunning] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const gone = useRef(false)
  useEffect(() => () => void (gone.current = true), [])

  const run = async (start: () => Promise<ImportJobView>) => {
    setError(null)
    setRunning(true)
    try {
      await runJob(await start(), setJob, () => gone.current)
    } catch (e) {
      setError(e)
    } finally {
      setRunning(false)
      onChanged()
    }
  }
  useEffect(() => {
    if (resume) void run(async () => resume)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resume])

  const upload = async (f: File) => {
    setError(null)
    setFile(null)
    setJob(null)
    try {
      const r = await uploadFile(f, (x) => setUploading(Math.round(x * 100)))
      if (!r.fileId) throw new Error('上传没有完成，请重试')
      setFile({ name: f.name, fileId: r.fileId })
    } catch (e) {
      setError(e)
    } finally {
      setUploading(null)
    }
  }

  return (
    <Card title="导入会员" size="small">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Upload.Dragger
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          disabled={running || uploading !== null}
          beforeUpload={(f) => {
            void upload(f)
            return false
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>点击或拖入 CSV / XLSX 文件</p>
          <Typography.Text type="secondary">先试运行检查每一行，确认无误再正式导入</Typography.Text>
        </Upload.Dragger>
        {uploading !== null && (
          <div id="upload-progress">
            <Progress percent={uploading} />
          </div>
        )}
        {file && <Typography.Text id="upload-done">已上传：{file.name}</Typography.Text>}
        <Space>
          <Button id="import-dry-run" disabled={!file || running} loading={running && job?.dryRun === true} onClick={() => file && run(() => call('importStart', { fileId: file.fileId, dryRun: true }))}>
            试运行
          </Button>
          <Button id="import-run" type="primary" disabled={!file || running} loading={running && job?.dryRun === false} onClick={() => file && run(() => call('importStart', { fileId: file.fileId, dryRun: false }))}>
            导入
          </Button>
        </Space>
        <ErrorAlert error={error} id="import-error" />
        {job && <JobView job={job} />}
      </Space>
    </Card>
  )
}
