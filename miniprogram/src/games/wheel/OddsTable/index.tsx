import { Text, View } from '@tarojs/components'
import type { WheelView } from '@shared/game/schemas'
import type { Messages } from '../../../i18n'

/** Every prize with its disclosed chance, as the server computes it from the weights the draw uses. */
export default function OddsTable({ prizes, t }: { prizes: WheelView['prizes']; t: Messages }) {
  const g = t.game
  return (
    <View id='wheel-odds' className='wheel-odds'>
      <View className='wheel-odds__row wheel-odds__row--head'>
        <Text>{g.oddsPrize}</Text>
        <Text>{g.oddsChance}</Text>
      </View>
      {prizes.map((p) => (
        <View key={p.id} id={`wheel-odds-${p.id}`} className='wheel-odds__row' data-odds={p.odds}>
          <Text className='wheel-odds__label'>{p.label}</Text>
          <Text id={`wheel-odds-${p.id}-chance`} className='wheel-odds__chance'>
            {p.oddsText}
          </Text>
        </View>
      ))}
      <Text id='wheel-fairness' className='wheel-odds__note'>
        {g.fairness}
      </Text>
    </View>
  )
}
