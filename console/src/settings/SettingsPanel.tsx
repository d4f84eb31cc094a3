import { App, Button, Collapse, Form, Space, Spin, type FormInstance } from 'antd'
import { useState, type ReactNode } from 'react'
import type { SettingsKind } from '../../../shared/admin/schemas'
import type * as z from '../../../shared/zod'
import { ApiError, call, check } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { JsonEditor } from '../components/JsonEditor'
import { useLoad } from '../components/useLoad'

/**
 * One settings document (admin.settings / saveSettings): a form for its simple fields, merged into
 * the current value on save, and the whole value as JSON under "高级". Either way the value is checked
 * with the same zod schema the functions read it with before it is sent.
 */
export function SettingsPanel<F extends object>(props: {
  kind: SettingsKind
  schema: z.ZodType
  /** Form values from the stored value. */
  toForm: (value: any) => F
  /** The stored value with the form's values applied. */
  fromForm: (form: F, value: any) => unknown
  fields: (form: FormInstance<F>) => ReactNode
}) {
  const { message } = App.useApp()
  const [form] = Form.useForm<F>()
  const loaded = useLoad(() => call('settings', { kind: props.kind }), [props.kind])
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)
  const [json, setJson] = useState<{ value: unknown; bad: boolean } | null>(null)
  const [jsonKey, setJsonKey] = useState(0)

  const save = async (value: unknown) => {
    setError(null)
    setBusy(true)
    try {
      const r = await call('saveSettings', { kind: props.kind, value: check(props.schema, value) })
      loaded.setData(r)
      form.setFieldsValue(props.toForm(r.value) as never)
      setJson(null)
      setJsonKey((k) => k + 1)
      message.success('已保存')
    } catch (e) {
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  if (loaded.loading && !loaded.data) return <Spin />
  if (!loaded.data) return <ErrorAlert error={loaded.error} />
  const current = loaded.data.value ?? {}
  const invalid = error instanceof ApiError && error.code === 'INVALID_INPUT'
  return (
    <div id={`settings-${props.kind}`}>
      <ErrorAlert error={error} id={`settings-${props.kind}-error`} />
      {!loaded.data.saved && <p style={{ color: '#888' }}>尚未保存过：当前显示的是默认设置。</p>}
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={props.toForm(current)}
        onFinish={(f) => save(props.fromForm(f, current))}
        onValuesChange={() => invalid && setError(null)}
      >
        {props.fields(form)}
        <Button type="primary" htmlType="submit" loading={busy} id={`settings-${props.kind}-save`}>
          保存
        </Button>
      </Form>
      <Collapse
        style={{ marginTop: 24, maxWidth: 720 }}
        items={[
          {
            key: 'json',
            label: '高级：以 JSON 编辑全部设置',
            children: (
              <Space direction="vertical" style={{ width: '100%' }}>
                <JsonEditor key={jsonKey} id={`settings-${props.kind}-json`} value={current} onChange={(value, bad) => setJson({ value, bad })} />
                <Button id={`settings-${props.kind}-save-json`} disabled={!json || json.bad} loading={busy} onClick={() => json && save(json.value)}>
                  保存 JSON
                </Button>
              </Space>
            ),
          },
        ]}
      />
    </div>
  )
}
