import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import Field from '../../components/Field'
import { call, type CallError } from '../../services/api'
import { shanghaiDateTime } from '../../services/time'
import { Button, CellGroup, Input } from '../../ui'
import { useStaffI18n } from '../i18n'

/**
 * True once `iso` has passed on this device. The server decides in the end (UNDO_WINDOW_PASSED);
 * this only takes the button away when it could no longer work.
 */
function usePassed(iso: string): boolean {
  const at = Date.parse(iso)
  const [passed, setPassed] = useState(() => !(Date.now() < at))
  useEffect(() => {
    if (passed) return
    const timer = setTimeout(() => setPassed(true), at - Date.now())
    return () => clearTimeout(timer)
  }, [at, passed])
  return passed
}

type Props = { code: string; undoUntil: string; onUndone: () => void }

/** 撤销: within the undo window, with a reason the coupon keeps in its audit trail. */
export default function UndoWriteOff({ code, undoUntil, onUndone }: Props) {
  const { t, s } = useStaffI18n()
  const passed = usePassed(undoUntil)
  const [open, setOpen] = useState(false)
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<CallError>()
  if (passed) return null

  const undo = async () => {
    if (busy || !reason.trim()) return
    setBusy(true)
    setError(undefined)
    const res = await call('staff', 'undoWriteOff', { couponCode: code, reason: reason.trim() })
    setBusy(false)
    if (!res.ok) return setError(res.error)
    Taro.showToast({ title: s.undone, icon: 'none', duration: 2500 })
    onUndone()
  }

  return (
    <View id='writeoff-undo-area' className='writeoff-undo'>
      <Text id='writeoff-undo-until'>
        {s.undoBefore(shanghaiDateTime(undoUntil).slice(11))}
      </Text>
      {!open ? (
        <View className='writeoff-undo__actions'>
          <Button id='writeoff-undo' size='small' fill='outline' onClick={() => setOpen(true)}>
            {s.undo}
          </Button>
        </View>
      ) : (
        <>
          <CellGroup>
            <Field label={s.undoReason}>
              <Input id='writeoff-undo-reason' maxLength={200} placeholder={s.undoReasonPlaceholder} value={reason} onChange={setReason} />
            </Field>
          </CellGroup>
          {error && (
            <View id='writeoff-undo-error' className='staff-error' data-code={error.code}>
              {error.message}
            </View>
          )}
          <View className='writeoff-undo__actions'>
            <Button size='small' fill='outline' disabled={busy} onClick={() => setOpen(false)}>
              {t.common.cancel}
            </Button>
            <Button id='writeoff-undo-confirm' size='small' type='primary' loading={busy} disabled={!reason.trim()} onClick={() => void undo()}>
              {s.confirmUndo}
            </Button>
          </View>
        </>
      )}
    </View>
  )
}
