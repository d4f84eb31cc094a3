import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { useI18n, usePageTitle } from '../../i18n'
import { getDevOpenid, quickPicks, setDevOpenid } from '../../services/identity'
import Field from '../../components/Field'
import { Button, Cell, CellGroup, Input } from '../../ui'
import './index.scss'

/**
 * Local-only: act as any openid. H5 sends it as the `x-wx-openid` header, which only the
 * local server honours; weapp production builds do not contain this page.
 */
export default function DevPage() {
  const { t } = useI18n()
  usePageTitle(t.dev.title)
  const [current, setCurrent] = useState(getDevOpenid)
  const [draft, setDraft] = useState(current ?? '')

  const apply = (openid: string) => {
    const id = openid.trim()
    if (!id) return
    setDevOpenid(id)
    setCurrent(id)
    setDraft(id)
    Taro.showToast({ title: t.dev.applied(id), icon: 'none' })
  }
  const clear = () => {
    setDevOpenid(undefined)
    setCurrent(undefined)
    setDraft('')
    Taro.showToast({ title: t.dev.cleared, icon: 'none' })
  }

  return (
    <View className='page dev'>
      <View className='dev__warning'>{t.dev.warning}</View>
      <CellGroup>
        <Cell title={t.dev.current} extra={<Text id='dev-current'>{current ?? t.dev.none}</Text>} />
        <Field label={t.dev.openid}>
          <Input id='dev-openid' maxLength={64} placeholder={t.dev.openidPlaceholder} value={draft} onChange={setDraft} onConfirm={() => apply(draft)} />
        </Field>
      </CellGroup>
      <Button id='dev-apply' type='primary' block disabled={!draft.trim()} onClick={() => apply(draft)}>
        {t.dev.apply}
      </Button>

      <View className='section-title'>{t.dev.quickPicks}</View>
      {(['members', 'staff'] as const).map((group) => (
        <View key={group} className='dev__group'>
          <Text className='dev__group-title'>{t.dev[group]}</Text>
          <View className='dev__picks'>
            {quickPicks[group].map((id) => (
              <Button key={id} id={`dev-pick-${id}`} size='small' fill={current === id ? 'solid' : 'outline'} type='primary' onClick={() => apply(id)}>
                {id}
              </Button>
            ))}
          </View>
        </View>
      ))}

      <View className='dev__actions'>
        <Button id='dev-clear' fill='outline' disabled={!current} onClick={clear}>
          {t.dev.clear}
        </Button>
        <Button id='dev-open-card' fill='outline' onClick={() => Taro.reLaunch({ url: '/pages/card/index' })}>
          {t.dev.openCard}
        </Button>
        <Button id='dev-open-staff' fill='outline' onClick={() => Taro.navigateTo({ url: '/staff/scan/index' })}>
          {t.dev.openStaff}
        </Button>
      </View>
    </View>
  )
}
