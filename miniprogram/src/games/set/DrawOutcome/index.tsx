import { Text, View } from '@tarojs/components'
import type { DrawResult } from '@shared/game/schemas'
import type { Messages } from '../../../i18n'

/** The card the last draw gave: 新卡! when it is the first of its kind, else how many the member now has. */
export default function DrawOutcome({ result, t }: { result: DrawResult; t: Messages }) {
  const c = t.collect
  const held = result.set.cards.find((x) => x.id === result.card.id)?.held ?? 1
  return (
    <View id='set-drawn' className={`set-drawn${result.isNew ? ' set-drawn--new' : ''}`} data-card={result.card.id} data-new={result.isNew}>
      <Text className='set-drawn__face'>{result.card.name}</Text>
      <Text id='set-drawn-title' className='set-drawn__title'>
        {c.drewCard(result.card.name)}
      </Text>
      {result.isNew ? (
        <Text id='set-drawn-new' className='set-drawn__new'>
          {c.isNew}
        </Text>
      ) : (
        <Text id='set-drawn-repeat' className='set-drawn__line'>
          {c.repeat(held)}
        </Text>
      )}
    </View>
  )
}
