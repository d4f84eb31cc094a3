import { Text, View } from '@tarojs/components'
import type { ItemView } from '@shared/mall/schemas'
import { yuanText } from '@shared/money'
import { useI18n } from '../../../i18n'
import { pointsText } from '../../quantity'
import './index.scss'

type Props = { id: string; item: Pick<ItemView, 'price' | 'regularPrice' | 'marketPriceFen'>; large?: boolean }

/** Points (+ cash paid at pickup), the regular price struck through during a flash sale, and the shop price struck through. */
export default function ItemPrice({ id, item, large = false }: Props) {
  const { t } = useI18n()
  const price = (p: ItemView['price']) => t.mall.price(pointsText(p.points), p.fen > 0 ? yuanText(p.fen) : null)
  return (
    <View className={`item-price${large ? ' item-price--large' : ''}`}>
      <Text id={id} className='item-price__now'>
        {price(item.price)}
      </Text>
      {item.regularPrice && (
        <Text id={`${id}-regular`} className='item-price__struck'>
          {price(item.regularPrice)}
        </Text>
      )}
      {item.marketPriceFen !== null && (
        <Text id={`${id}-market`} className='item-price__struck'>
          {t.mall.marketPrice(yuanText(item.marketPriceFen))}
        </Text>
      )}
    </View>
  )
}
