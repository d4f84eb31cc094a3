import { Button, Drawer, Form, Space, Typography } from 'antd'
import { useState } from 'react'
import type { CatalogueKind } from '../../../shared/admin/schemas'
import { ApiError, call, check } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'
import { JsonEditor } from '../components/JsonEditor'
import { FieldControl } from './FieldControl'
import { ImageUpload } from './ImageUpload'
import { KINDS, type Field } from './kinds'

/** Stored bookkeeping, not part of what is edited or sent. */
const STORED = ['_id', 'createdAt', 'updatedAt']

const toForm = (f: Field, v: unknown) => (f.type === 'fen' && typeof v === 'number' ? v / 100 : v)
const fromForm = (f: Field, v: unknown) => (f.type === 'fen' && typeof v === 'number' ? Math.round(v * 100) : v === '' ? undefined : v)

/** Create or edit one catalogue document: the main fields as a form, the rest as JSON, saved with admin.saveCatalogue. */
export function CatalogueDrawer({ kind, row, onClose, onSaved }: { kind: CatalogueKind; row: Record<string, unknown> | null; onClose: () => void; onSaved: () => void }) {
  const spec = KINDS[kind]
  const creating = row === null
  const start = Object.fromEntries(Object.entries(row ?? spec.blank).filter(([k]) => !STORED.includes(k) && !spec.derived?.includes(k)))
  if (!creating && start[spec.key] === undefined && row?._id !== undefined) start[spec.key] = row._id
  const main = new Set([...spec.fields.map((f) => f.name), ...(kind === 'items' ? ['images'] : [])])
  const [rest, setRest] = useState<{ value: unknown; bad: boolean }>({ value: Object.fromEntries(Object.entries(start).filter(([k]) => !main.has(k))), bad: false })
  const [form] = Form.useForm()
  const [error, setError] = useState<unknown>(null)
  const [busy, setBusy] = useState(false)

  const save = async () => {
    let values: Record<string, unknown>
    try {
      values = await form.validateFields()
    } catch {
      return
    }
    setError(null)
    setBusy(true)
    try {
      const value: Record<string, unknown> = { ...(rest.value as object) }
      for (const f of spec.fields) {
        const v = fromForm(f, values[f.name])
        if (v !== undefined) value[f.name] = v
      }
      if (kind === 'items') value.images = values.images ?? []
      // Checked as the functions will read it; sent as typed, so defaults stay the server's to fill in.
      if (spec.schema) check(spec.schema, value)
      await call('saveCatalogue', { kind, value })
      onSaved()
      onClose()
    } catch (e) {
      if (e instanceof ApiError && e.field && main.has(e.field.split('.')[0])) form.setFields([{ name: e.field.split('.')[0], errors: [e.message] }])
      setError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Drawer
      open
      width={640}
      title={creating ? `新建${spec.label}` : `编辑${spec.label}：${String(start[spec.key])}`}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={busy} disabled={rest.bad} onClick={save} id="catalogue-save">
            保存
          </Button>
        </Space>
      }
    >
      <ErrorAlert error={error} id="catalogue-error" />
      <Form form={form} layout="vertical" initialValues={Object.fromEntries([...main].map((k) => [k, toForm(spec.fields.find((f) => f.name === k) ?? ({ type: 'text' } as Field), start[k])]))}>
        {spec.fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={f.label} rules={f.required ? [{ required: true, message: `请填写${f.label}` }] : undefined}>
            <FieldControl field={f} disabled={f.idOnly && !creating} id={`catalogue-field-${f.name}`} />
          </Form.Item>
        ))}
        {kind === 'items' && (
          <Form.Item name="images" label="图片（第一张为封面）">
            <ImageUpload />
          </Form.Item>
        )}
      </Form>
      <Typography.Title level={5}>其他设置（JSON）</Typography.Title>
      <JsonEditor id="catalogue-json" value={rest.value} onChange={(value, bad) => setRest({ value, bad })} rows={12} />
    </Drawer>
  )
}
