import { App, Button, Input, Modal, Space, Typography } from 'antd'

/**
 * The signing secret, shown once (on creation and on rotation): the server keeps it only to sign,
 * and never answers it again. With how a receiver checks a request.
 */
export function SecretModal({ secret, onClose }: { secret: string | null; onClose: () => void }) {
  const { message } = App.useApp()
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret ?? '')
      message.success('已复制')
    } catch {
      // Plain http has no clipboard API: the operator copies the selected text by hand.
      ;(document.getElementById('webhook-secret') as HTMLInputElement | null)?.select()
      message.info('请按 Ctrl+C（Mac 上为 ⌘+C）复制已选中的密钥')
    }
  }
  return (
    <Modal
      title="签名密钥"
      open={secret !== null}
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Button type="primary" id="webhook-secret-done" onClick={onClose}>
          我已保存
        </Button>
      }
    >
      <Typography.Paragraph type="warning">密钥只显示这一次。请立即复制并保存到接收方；遗失后只能轮换密钥重新生成。</Typography.Paragraph>
      <Space.Compact style={{ width: '100%' }}>
        <Input id="webhook-secret" readOnly value={secret ?? ''} onFocus={(e) => e.target.select()} />
        <Button id="webhook-secret-copy" onClick={copy}>
          复制
        </Button>
      </Space.Compact>
      <Typography.Paragraph style={{ marginTop: 16 }} type="secondary">
        验证方法：取请求头 X-Huika-Timestamp 与原始请求体，计算 HMAC-SHA256(密钥, 时间戳 + "." + 请求体) 的十六进制值，应与 X-Huika-Signature 中 sha256= 之后的部分一致；时间戳与当前时间相差超过 5 分钟的请求应拒绝。同一投递可能重复送达，请按 X-Huika-Delivery 去重。
      </Typography.Paragraph>
    </Modal>
  )
}
