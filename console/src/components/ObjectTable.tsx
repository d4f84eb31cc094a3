import { Table } from 'antd'
import { cell } from '../format'

/** Any array of flat-ish objects as a table, one column per key seen (nested values as JSON). */
export function ObjectTable({ rows, id, labels = {} }: { rows: Array<Record<string, unknown>>; id?: string; labels?: Record<string, string> }) {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))]
  return (
    <Table
      id={id}
      size="small"
      rowKey={(_, i) => String(i)}
      dataSource={rows}
      scroll={{ x: true }}
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      columns={keys.map((k) => ({ key: k, title: labels[k] ?? k, dataIndex: k, render: (v: unknown) => cell(v) }))}
    />
  )
}

/** The arrays of objects inside a report's data, by key (the top level itself when it is one). */
export function tablesIn(data: unknown): Array<[string, Array<Record<string, unknown>>]> {
  const isRows = (v: unknown): v is Array<Record<string, unknown>> => Array.isArray(v) && v.length > 0 && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))
  if (isRows(data)) return [['', data]]
  if (!data || typeof data !== 'object') return []
  return Object.entries(data as Record<string, unknown>).filter((e): e is [string, Array<Record<string, unknown>>] => isRows(e[1]))
}

/** The scalar fields of a report's data (totals, as-of dates). */
export function scalarsIn(data: unknown): Array<[string, string | number | boolean]> {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return []
  return Object.entries(data as Record<string, unknown>).filter((e): e is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof e[1]))
}
