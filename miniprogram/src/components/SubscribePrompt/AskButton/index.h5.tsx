import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { useI18n } from '../../../i18n'
import type { AskTemplate, OptInAnswer } from '../../../services/consent'
import { Button, Checkbox } from '../../../ui'
import type { AskButtonProps } from '.'

/** A browser has no WeChat: every template can be tried locally, where none has a WeChat id. */
export const askable = (templates: AskTemplate[]) => templates.slice(0, 3)

/**
 * A stand-in for WeChat's subscribe dialog, so local mode and browser tests can give and refuse
 * opt-ins: one box per template (ticked, as WeChat shows them), 允许 sends the boxes' answers,
 * 取消 refuses them all.
 */
export default function AskButton({ id, label, templates, busy, onAnswers }: AskButtonProps) {
  const { t } = useI18n()
  const list = askable(templates)
  const [open, setOpen] = useState(false)
  const [ticked, setTicked] = useState<Record<string, boolean>>({})
  const show = () => {
    setTicked(Object.fromEntries(list.map((x) => [x.template, true])))
    setOpen(true)
  }
  const answer = (allow: boolean) => {
    setOpen(false)
    onAnswers(list.map((x): OptInAnswer => ({ template: x.template, result: allow && ticked[x.template] ? 'accept' : 'reject' })))
  }
  return (
    <>
      <Button id={id} type='primary' block loading={busy} disabled={list.length === 0} onClick={show}>
        {label}
      </Button>
      {open && (
        <View id='optin-dialog' className='optin-dialog'>
          <View className='optin-dialog__sheet'>
            <Text className='optin-dialog__title'>{t.consent.dialogTitle}</Text>
            {list.map((x) => (
              <View key={x.template} className='optin-dialog__row'>
                <Checkbox
                  id={`optin-dialog-${x.template}`}
                  checked={ticked[x.template] ?? false}
                  onChange={(v: boolean) => setTicked((s) => ({ ...s, [x.template]: v }))}
                >
                  {x.title}
                </Checkbox>
              </View>
            ))}
            <Text className='optin-dialog__note'>{t.consent.dialogNote}</Text>
            <View className='optin-dialog__actions'>
              <Button id='optin-dialog-cancel' fill='outline' onClick={() => answer(false)}>
                {t.common.cancel}
              </Button>
              <Button id='optin-dialog-allow' type='primary' onClick={() => answer(true)}>
                {t.consent.allow}
              </Button>
            </View>
          </View>
        </View>
      )}
    </>
  )
}
