import { AutoComplete, Button, Form, Input, Space, Typography, type FormInstance } from 'antd'
import type { MessageKind } from '../../../shared/messaging/kinds'
import { fieldsOf, MESSAGE_FIELDS } from '../../../shared/messaging/message-fields'
import { mappingIssues } from '../../../shared/messaging/wechat-mapping'
import { WECHAT_KEY } from '../../../shared/messaging/wechat-values'

/** One keyword of a WeChat template as the form edits it (config/messaging keeps `{ [key]: source }`). */
export type KeywordRow = { key?: string; source?: string }

/** The form's rows as the stored mapping: rows left blank are dropped. */
export const keywordsOut = (rows: KeywordRow[] | undefined): Record<string, string> =>
  Object.fromEntries((rows ?? []).filter((r) => r.key?.trim() || r.source?.trim()).map((r) => [r.key?.trim() ?? '', r.source?.trim() ?? '']))

export const keywordsIn = (fields: Record<string, string>): KeywordRow[] => Object.entries(fields).map(([key, source]) => ({ key, source }))

/**
 * 微信模板关键词 of one template (row `index` of `templates`): which field of Huika's messages fills
 * each keyword, checked as the settings' schema checks it (mappingIssues) while the operator types.
 */
export function TemplateKeywords({ form, index }: { form: FormInstance; index: number }) {
  const path = ['templates', index] as const
  const kinds: MessageKind[] = Form.useWatch([...path, 'kinds'], form) ?? []
  const templateId: string = Form.useWatch([...path, 'wechatTemplateId'], form) ?? ''
  const rows: KeywordRow[] = Form.useWatch([...path, 'wechatFields'], form) ?? []
  const options = fieldsOf(kinds).map((name) => ({ value: name, label: `${name}（${MESSAGE_FIELDS[name]?.label ?? name}）` }))
  const unmapped = templateId.trim() !== '' && rows.every((r) => !r.key?.trim())
  return (
    <div id={`messaging-template-${index}-keywords`}>
      <Typography.Text strong>微信模板关键词</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ margin: '4px 0 8px' }}>
        在微信公众平台「订阅消息 → 我的模板 → 详情」里可以看到每个关键词，如「积分数量 {'{{number1.DATA}}'}」。请为每个关键词选择会卡消息中对应的字段：多个字段用 | 分隔，发送时取消息里第一个有值的；以 = 开头表示固定文字。
      </Typography.Paragraph>
      {unmapped && (
        <Typography.Paragraph type="warning" id={`messaging-template-${index}-unmapped`}>
          已填写微信模板 ID，但还没有设置关键词：在云端发送这个模板的消息会失败。
        </Typography.Paragraph>
      )}
      <Form.List name={[index, 'wechatFields']}>
        {(items, { add, remove }) => (
          <>
            {items.map((item) => (
              <Space key={item.key} align="baseline" wrap style={{ marginBottom: 4 }}>
                <Form.Item
                  name={[item.name, 'key']}
                  rules={[
                    { required: true, message: '请填写关键词' },
                    { pattern: WECHAT_KEY, message: '应为类型加序号，如 thing1、time2' },
                    {
                      validator: async (_, key?: string) => {
                        const same = rows.filter((r) => key && r.key?.trim() === key.trim())
                        if (same.length > 1) throw new Error('关键词重复了')
                      },
                    },
                  ]}
                >
                  <Input placeholder="关键词，如 thing1" style={{ width: 160 }} id={`messaging-template-${index}-key-${item.name}`} />
                </Form.Item>
                <Form.Item
                  name={[item.name, 'source']}
                  dependencies={[[...path, 'kinds'], [...path, 'wechatFields', item.name, 'key']]}
                  rules={[
                    { required: true, message: '请填写对应的字段' },
                    {
                      validator: async (_, source?: string) => {
                        const key = form.getFieldValue([...path, 'wechatFields', item.name, 'key'])?.trim() ?? ''
                        if (!source?.trim() || !WECHAT_KEY.test(key)) return
                        const issue = mappingIssues(form.getFieldValue([...path, 'kinds']) ?? [], { [key]: source.trim() })[0]
                        if (issue) throw new Error(issue.problem)
                      },
                    },
                  ]}
                >
                  <AutoComplete
                    id={`messaging-template-${index}-source-${item.name}`}
                    options={options}
                    placeholder="字段，如 points"
                    style={{ width: 320 }}
                    filterOption={(input, option) => option?.value.toLowerCase().includes(input.toLowerCase()) ?? false}
                  />
                </Form.Item>
                <Button type="link" danger onClick={() => remove(item.name)}>
                  删除
                </Button>
              </Space>
            ))}
            <Button size="small" onClick={() => add({ key: '', source: '' })} id={`messaging-template-${index}-add-key`}>
              添加关键词
            </Button>
          </>
        )}
      </Form.List>
    </div>
  )
}
