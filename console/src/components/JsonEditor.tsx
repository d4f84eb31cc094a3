import { Input, Typography } from 'antd'
import { useState } from 'react'

/**
 * The "advanced" fallback for deeply nested settings: the value as indented JSON in a textarea.
 * Calls onChange with the parsed value, or with `bad` set while the text is not JSON (nothing to save).
 */
export function JsonEditor({ value, onChange, id, rows = 16 }: { value: unknown; onChange: (v: unknown, bad: boolean) => void; id?: string; rows?: number }) {
  const [text, setText] = useState(() => JSON.stringify(value, null, 2))
  const [syntax, setSyntax] = useState<string | null>(null)
  return (
    <>
      <Input.TextArea
        id={id}
        value={text}
        rows={rows}
        spellCheck={false}
        style={{ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 13 }}
        onChange={(e) => {
          setText(e.target.value)
          try {
            onChange(JSON.parse(e.target.value), false)
            setSyntax(null)
          } catch (err) {
            onChange(undefined, true)
            setSyntax(`JSON 格式有误：${(err as Error).message}`)
          }
        }}
      />
      {syntax && <Typography.Text type="danger">{syntax}</Typography.Text>}
    </>
  )
}
