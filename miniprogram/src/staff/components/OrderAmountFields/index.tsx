import { Text } from '@tarojs/components'
import Field from '../../../components/Field'
import { CellGroup, Input } from '../../../ui'
import { useStaffI18n } from '../../i18n'
import type { useAmount } from '../../useAmount'

type Props = {
  /** Element ids: `${idPrefix}-order`, `${idPrefix}-amount`, `${idPrefix}-amount-hint`. */
  idPrefix: string
  amountLabel: string
  order: string
  onOrder: (text: string) => void
  amount: ReturnType<typeof useAmount>
  onAmount: (text: string) => void
  disabled: boolean
}

/** The order number and a yuan amount, with the exact amount (or what is wrong with it) under them. */
export default function OrderAmountFields({ idPrefix, amountLabel, order, onOrder, amount, onAmount, disabled }: Props) {
  const { s } = useStaffI18n()
  return (
    <>
      <CellGroup>
        <Field label={s.orderId}>
          <Input id={`${idPrefix}-order`} maxLength={64} placeholder={s.orderIdPlaceholder} value={order} disabled={disabled} onChange={onOrder} />
        </Field>
        <Field label={amountLabel}>
          <Input id={`${idPrefix}-amount`} type='digit' maxLength={14} placeholder={s.amountPlaceholder} value={amount.text} disabled={disabled} onChange={onAmount} />
        </Field>
      </CellGroup>
      {amount.hint && (
        <Text id={`${idPrefix}-amount-hint`} className={`staff-hint${amount.invalid ? ' staff-hint--error' : ''}`}>
          {amount.hint}
        </Text>
      )}
    </>
  )
}
