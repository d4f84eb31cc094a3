import { UploadOutlined } from '@ant-design/icons'
import { Button, Image, Progress, Space, Typography, Upload } from 'antd'
import { useState } from 'react'
import { errorText } from '../components/ErrorAlert'
import { uploadFile } from '../upload'

/** An item's pictures: uploaded with admin.upload, the returned URL added to `images` (the first is the cover). */
export function ImageUpload({ value = [], onChange }: { value?: string[]; onChange?: (v: string[]) => void }) {
  const [progress, setProgress] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const send = async (file: File) => {
    setError(null)
    try {
      const r = await uploadFile(file, (f) => setProgress(Math.round(f * 100)))
      if (!r.url) throw new Error('上传完成，但服务器没有返回图片地址')
      onChange?.([...value, r.url])
    } catch (e) {
      setError(errorText(e))
    } finally {
      setProgress(null)
    }
  }
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {value.map((url, i) => (
          <Space key={url + i} direction="vertical" size={0} align="center">
            <Image src={url} width={80} height={80} style={{ objectFit: 'cover' }} />
            <Button size="small" type="link" danger onClick={() => onChange?.(value.filter((_, j) => j !== i))}>
              移除
            </Button>
          </Space>
        ))}
      </Space>
      <Upload
        accept="image/*"
        showUploadList={false}
        beforeUpload={(file) => {
          void send(file)
          return false
        }}
      >
        <Button icon={<UploadOutlined />} loading={progress !== null}>
          上传图片
        </Button>
      </Upload>
      {progress !== null && <Progress percent={progress} size="small" />}
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </Space>
  )
}
