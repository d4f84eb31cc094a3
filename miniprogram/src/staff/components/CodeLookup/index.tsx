import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import Field from '../../../components/Field'
import { Button, CellGroup, Input, Loading } from '../../../ui'
import { useStaffI18n } from '../../i18n'
import type { Check } from '../../useCodeCheck'
import ScanButton from '../ScanButton'

/**
 * A code typed or scanned, the check button, and the check's loading and error states: the top of
 * the write-off and hand-over pages. Ids: `<id>-code`, `<id>-check`, `<id>-check-error`.
 */
export default function CodeLookup<T>(props: {
  id: string
  label: string
  placeholder: string
  codeText: string
  check: Check<T>
  find: (text: string) => void
  editCode: (text: string) => void
}) {
  const { s } = useStaffI18n()
  const { id, check } = props
  return (
    <>
      <CellGroup>
        <Field label={props.label}>
          <Input
            id={`${id}-code`}
            maxLength={24}
            placeholder={props.placeholder}
            value={props.codeText}
            onChange={props.editCode}
            onConfirm={() => props.find(props.codeText)}
          />
        </Field>
      </CellGroup>
      <View className='code-lookup__actions'>
        <ScanButton
          onCode={(code) => {
            props.editCode(code)
            props.find(code)
          }}
          onFail={() => void Taro.showToast({ title: s.codeScanFailed, icon: 'none', duration: 2500 })}
        />
        <Button
          id={`${id}-check`}
          type='primary'
          fill='outline'
          disabled={!props.codeText.trim()}
          loading={check.kind === 'loading'}
          onClick={() => props.find(props.codeText)}
        >
          {s.check}
        </Button>
      </View>
      {check.kind === 'loading' && <Loading />}
      {check.kind === 'error' && (
        <View id={`${id}-check-error`} className='staff-error' data-code={check.error.code}>
          {check.error.message}
        </View>
      )}
    </>
  )
}
