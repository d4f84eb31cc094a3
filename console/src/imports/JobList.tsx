import { Button, Card, Table, Tag } from 'antd'
import type { ImportJobView } from '../../../shared/admin/schemas'
import type { Out } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { at, num } from '../format'
import { STATUS } from './JobView'

/** Past import jobs; one left running (the page was closed mid-way) can be resumed. */
export function JobList({ jobs, loading, error, onResume, busy }: { jobs: Out<'imports'> | null; loading: boolean; error: unknown; onResume: (job: ImportJobView) => void; busy: boolean }) {
  return (
    <Card title="导入记录" size="small">
      <ErrorAlert error={error} />
      <Table<ImportJobView>
        id="import-jobs"
        size="small"
        rowKey="jobId"
        loading={loading}
        dataSource={jobs?.jobs ?? []}
        locale={{ emptyText: '还没有导入过' }}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        columns={[
          { title: '开始时间', dataIndex: 'startedAt', render: at },
          { title: '文件', dataIndex: 'fileName' },
          { title: '方式', dataIndex: 'dryRun', render: (d: boolean) => (d ? '试运行' : '导入') },
          { title: '状态', dataIndex: 'status', render: (s: ImportJobView['status']) => <Tag color={STATUS[s][1]}>{STATUS[s][0]}</Tag> },
          { title: '进度', key: 'p', render: (j: ImportJobView) => `${num(j.processed)} / ${num(j.total)}` },
          { title: '导入 / 出错', key: 'n', render: (j: ImportJobView) => `${num(j.imported)} / ${num(j.failed)}` },
          {
            title: '',
            key: 'a',
            render: (j: ImportJobView) =>
              j.status === 'running' && (
                <Button size="small" disabled={busy} onClick={() => onResume(j)}>
                  继续
                </Button>
              ),
          },
        ]}
      />
    </Card>
  )
}
