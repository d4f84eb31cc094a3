import { Text, View } from '@tarojs/components'
import type { SetView } from '@shared/game/schemas'
import type { Messages } from '../../../i18n'

type Props = { cards: SetView['cards']; justDrawn?: string; t: Messages }

/** Every card of the set: lit with its count when held, greyed when not, each with its disclosed chance. */
export default function CardGrid({ cards, justDrawn, t }: Props) {
  const c = t.collect
  return (
    <View id='set-cards' className='set-cards'>
      {cards.map((card) => {
        const held = card.held > 0
        const cls = `set-card${held ? ' set-card--held' : ''}${card.id === justDrawn ? ' set-card--drawn' : ''}`
        return (
          <View key={card.id} id={`set-card-${card.id}`} className={cls} data-held={card.held} data-odds={card.odds}>
            <Text id={`set-card-${card.id}-name`} className='set-card__name'>
              {card.name}
            </Text>
            <Text id={`set-card-${card.id}-held`} className='set-card__held'>
              {held ? c.held(card.held) : c.missing}
            </Text>
            <Text id={`set-card-${card.id}-odds`} className='set-card__odds'>
              {card.oddsText}
            </Text>
          </View>
        )
      })}
    </View>
  )
}
