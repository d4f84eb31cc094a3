import { Form, Modal, type FormInstance } from 'antd'
import { useState, type ReactNode } from 'react'
import { ApiError } from '../api'
import { ErrorAlert } from '../components/ErrorAlert'

/**
 * A modal form for one member action: validates, sends, shows the server's refusal (and marks the
 * field it names), and on success closes and lets the page reload.
 */
export function ActionForm<V extends object>(props: {
  title: string
  id: string
  open: boolean
  onClose: () => void
  onDone: () => void
  submit: (values: V) => Promise<void>
  children: ReactNode
  initialValues?: Partial<V>
  form?: FormInstance<V>
}) {
  const [own] = Form.useForm<V>()
  const form = props.form ?? own
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const ok = async () => {
    let values: V
    try {
      values = await form.validateFields()
    } catch {
      return
    }
    setError(null)
    setBusy(true)
    try {
      await props.submit(values)
      props.onDone()
      props.onClose()
    } catch (e) {
      // The server's and zod's paths start at the action input; the form's fields have the same names.
      if (e instanceof ApiError && e.field) form.setFields([{ name: e.field.split('.') as never, errors: [e.message] }])
      setError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal title={props.title} open={props.open} onCancel={props.onClose} onOk={ok} confirmLoading={busy} okText="确定" cancelText="取消" destroyOnHidden okButtonProps={{ id: `${props.id}-ok` }}>
      <ErrorAlert error={error} id={`${props.id}-error`} />
      <Form form={form} layout="vertical" initialValues={props.initialValues} id={props.id} preserve={false}>
        {props.children}
      </Form>
    </Modal>
  )
}
