import { Text, View } from '@tarojs/components'
import type { WheelView } from '@shared/game/schemas'
import { sectorCentre, SPIN_MS } from '../rotation'

type Props = { prizes: WheelView['prizes']; rotation: number; stoppedAt?: string }

const RED = '#fa2c19'
const CREAM = '#fff4e6'
const GOLD = '#ffd21f'

/** Red and cream in turn; with an odd count the last sector is gold so it does not meet the first in the same colour. */
function sectorColour(i: number, count: number): string {
  if (count % 2 === 1 && i === count - 1) return GOLD
  return i % 2 === 0 ? RED : CREAM
}

/**
 * The wheel, drawn in CSS: one equal sector per prize (a conic gradient) with its label, turned by
 * `rotation` degrees with a transition as long as SPIN_MS. The pointer stays still at the top.
 */
export default function WheelDisc({ prizes, rotation, stoppedAt }: Props) {
  const count = prizes.length
  const step = 360 / count
  const gradient = prizes.map((_, i) => `${sectorColour(i, count)} ${i * step}deg ${(i + 1) * step}deg`).join(', ')
  return (
    <View className='wheel-disc'>
      <View
        id='wheel-disc'
        className='wheel-disc__face'
        data-rotation={rotation}
        data-sectors={count}
        data-stopped-at={stoppedAt ?? ''}
        style={{
          backgroundImage: `conic-gradient(${gradient})`,
          transform: `rotate(${rotation}deg)`,
          transition: `transform ${SPIN_MS}ms cubic-bezier(0.2, 0.8, 0.2, 1)`,
        }}
      >
        {prizes.map((p, i) => (
          <View
            key={p.id}
            id={`wheel-sector-${p.id}`}
            className={`wheel-disc__label${sectorColour(i, count) === RED ? ' wheel-disc__label--on-red' : ''}`}
            data-index={i}
            style={{ transform: `rotate(${sectorCentre(i, count)}deg)` }}
          >
            <Text>{p.label}</Text>
          </View>
        ))}
      </View>
      <View className='wheel-disc__pointer' />
      <View className='wheel-disc__hub'>
        <Text>★</Text>
      </View>
    </View>
  )
}
