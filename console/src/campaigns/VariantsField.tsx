import { Button, Card, Form, Input, Select, Space, Typography } from 'antd'
import { GENDER_OPTIONS, LIFECYCLE_OPTIONS, MONTH_OPTIONS, REGION_OPTIONS } from './options'

/**
 * The copy's variants (shared/marketing/copy.ts): each with its conditions and its text; the first
 * whose conditions all hold for a member is what that member reads, else the default text. `name`
 * is where the list sits in the form; ids start with `idPrefix`.
 */
export function VariantsField({ name, idPrefix, levels }: { name: string | Array<string | number>; idPrefix: string; levels: Array<{ value: string; label: string }> }) {
  return (
    <Form.List name={name}>
      {(rows, { add, remove, move }) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          {rows.map((row, i) => (
            <Card
              key={row.key}
              size="small"
              className="copy-variant"
              title={`分组文案 ${i + 1}`}
              extra={
                <Space>
                  <Button size="small" disabled={i === 0} onClick={() => move(i, i - 1)}>
                    上移
                  </Button>
                  <Button size="small" danger onClick={() => remove(row.name)}>
                    删除
                  </Button>
                </Space>
              }
            >
              <Space wrap>
                <Form.Item label="地区" name={[row.name, 'regions']} style={{ minWidth: 220 }}>
                  <Select id={`${idPrefix}-variant-${i}-regions`} mode="tags" options={REGION_OPTIONS} placeholder="省份或城市" tokenSeparators={[',', '，', ' ']} />
                </Form.Item>
                <Form.Item label="等级" name={[row.name, 'tiers']} style={{ minWidth: 180 }}>
                  <Select id={`${idPrefix}-variant-${i}-tiers`} mode="multiple" options={levels} />
                </Form.Item>
                <Form.Item label="生命周期" name={[row.name, 'lifecycle']} style={{ minWidth: 180 }}>
                  <Select mode="multiple" options={LIFECYCLE_OPTIONS} />
                </Form.Item>
                <Form.Item label="性别" name={[row.name, 'genders']} style={{ minWidth: 140 }}>
                  <Select mode="multiple" options={GENDER_OPTIONS} />
                </Form.Item>
                <Form.Item label="生日月份" name={[row.name, 'birthdayMonths']} style={{ minWidth: 160 }}>
                  <Select mode="multiple" options={MONTH_OPTIONS} />
                </Form.Item>
              </Space>
              <Form.Item label="文案" name={[row.name, 'text']} rules={[{ required: true, message: '请填写文案' }]}>
                <Input.TextArea id={`${idPrefix}-variant-${i}-text`} rows={2} maxLength={300} showCount />
              </Form.Item>
            </Card>
          ))}
          <Button id={`${idPrefix}-add-variant`} onClick={() => add({ text: '' })}>
            添加分组文案
          </Button>
          {rows.length > 0 && <Typography.Text type="secondary">从上到下，会员看到第一个条件全部满足的分组文案；都不满足时看到默认文案。</Typography.Text>}
        </Space>
      )}
    </Form.List>
  )
}
