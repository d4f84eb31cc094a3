import { Text, View } from '@tarojs/components'
import type { SetView } from '@shared/game/schemas'
import type { Messages } from '../../../i18n'
import { Button } from '../../../ui'
import { tierProgress } from '../draw-block'

type Tier = SetView['tiers'][number]
type Props = { view: SetView; busy: boolean; onClaim: (tier: Tier) => void; t: Messages }

/** The reward tiers: how far the member is towards each (different cards held), and 领取 once one is reached. */
export default function RewardTiers({ view, busy, onClaim, t }: Props) {
  const c = t.collect
  return (
    <View id='set-tiers' className='set-tiers'>
      {view.tiers.map((tier) => {
        const have = tierProgress(view, tier.distinct)
        const state = tier.claimed ? 'claimed' : tier.claimable ? 'claimable' : 'locked'
        return (
          <View key={tier.id} id={`set-tier-${tier.id}`} className={`set-tier set-tier--${state}`} data-state={state}>
            <View className='set-tier__main'>
              <Text className='set-tier__label'>{tier.label}</Text>
              {tier.points > 0 && <Text className='set-tier__reward'>{c.tierPoints(tier.points)}</Text>}
              <View className='set-tier__bar'>
                <View className='set-tier__fill' style={{ width: `${(have / tier.distinct) * 100}%` }} />
              </View>
            </View>
            <View className='set-tier__side'>
              <Text id={`set-tier-${tier.id}-progress`} className='set-tier__progress'>
                {c.tierProgress(have, tier.distinct)}
              </Text>
              {state === 'claimable' ? (
                <Button id={`set-tier-${tier.id}-claim`} type='primary' size='small' disabled={busy} onClick={() => onClaim(tier)}>
                  {c.claim}
                </Button>
              ) : (
                <Text id={`set-tier-${tier.id}-status`} className='set-tier__status'>
                  {state === 'claimed' ? c.claimed : c.short(tier.distinct - have)}
                </Text>
              )}
            </View>
          </View>
        )
      })}
    </View>
  )
}
