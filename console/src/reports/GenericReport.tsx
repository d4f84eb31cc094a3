import { Descriptions, Empty, Space, Typography } from 'antd'
import { ObjectTable, scalarsIn, tablesIn } from '../components/ObjectTable'
import { cell } from '../format'

/** Any report's data: its scalar fields, then a table for each array of rows in it. */
export function GenericReport({ data }: { data: unknown }) {
  const scalars = scalarsIn(data)
  const tables = tablesIn(data)
  if (scalars.length === 0 && tables.length === 0) return <Empty description="没有数据" />
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {scalars.length > 0 && (
        <Descriptions size="small" bordered column={3}>
          {scalars.map(([k, v]) => (
            <Descriptions.Item key={k} label={k}>
              {cell(v)}
            </Descriptions.Item>
          ))}
        </Descriptions>
      )}
      {tables.map(([name, rows]) => (
        <div key={name}>
          {name && <Typography.Title level={5}>{name}</Typography.Title>}
          <ObjectTable rows={rows} />
        </div>
      ))}
    </Space>
  )
}
