import Taro from '@tarojs/taro'
import { Button } from '../../../ui'
import type { AskTemplate, OptInAnswer } from '../../../services/consent'
import type { AskButtonProps } from '.'

/** WeChat asks only for templates with an id; a deployment sets them in 设置 › 消息与授权. */
export const askable = (templates: AskTemplate[]) => templates.filter((t) => t.wechatTemplateId !== '').slice(0, 3)

export default function AskButton({ id, label, templates, busy, onAnswers }: AskButtonProps) {
  const ask = () => {
    const list = askable(templates)
    if (list.length === 0) return
    // Called straight from the tap: WeChat refuses requestSubscribeMessage outside a user gesture.
    Taro.requestSubscribeMessage({
      tmplIds: list.map((t) => t.wechatTemplateId),
      entityIds: [],
      success: (res) => {
        const answers: OptInAnswer[] = []
        for (const t of list) {
          const r = (res as unknown as Record<string, string>)[t.wechatTemplateId]
          // 'ban' (blocked in settings) and 'filter' (template withdrawn) are not the member's answer now.
          if (r === 'accept' || r === 'reject') answers.push({ template: t.template, result: r })
        }
        onAnswers(answers)
      },
      fail: () => onAnswers([]),
    })
  }
  return (
    <Button id={id} type='primary' block loading={busy} onClick={ask}>
      {label}
    </Button>
  )
}
