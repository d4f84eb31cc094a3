import { Space } from 'antd'
import { useState } from 'react'
import type { ImportJobView } from '../../../shared/admin/schemas'
import { call } from '../api'
import { useLoad } from '../components/useLoad'
import { ExportPanel } from '../imports/ExportPanel'
import { ImportPanel } from '../imports/ImportPanel'
import { JobList } from '../imports/JobList'

/** 导入导出: member import (upload, dry run, import, errors), past jobs to resume, and exports. */
export function Imports() {
  const jobs = useLoad(() => call('imports', {}), [])
  const [resume, setResume] = useState<ImportJobView | null>(null)
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <ImportPanel resume={resume} onChanged={jobs.reload} />
      <JobList jobs={jobs.data} loading={jobs.loading} error={jobs.error} onResume={setResume} busy={false} />
      <ExportPanel />
    </Space>
  )
}
