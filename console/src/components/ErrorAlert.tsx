import { Alert } from 'antd'
import { ApiError } from '../api'

/** Names the dotted field paths the server reports in words an operator reads; the path itself stays visible. */
export const errorText = (error: unknown): string => {
  if (error instanceof ApiError) return error.field ? `${error.message}（字段：${error.field}）` : error.message
  return error instanceof Error ? error.message : String(error)
}

/** A refusal as the server put it: its message, the field at fault, and its code for support. */
export function ErrorAlert({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null
  const code = error instanceof ApiError ? error.code : undefined
  return (
    <Alert
      id={id}
      data-code={code}
      type="error"
      showIcon
      message={errorText(error)}
      description={code && code !== 'INVALID_INPUT' ? `错误代码：${code}` : undefined}
      style={{ marginBottom: 16 }}
    />
  )
}
